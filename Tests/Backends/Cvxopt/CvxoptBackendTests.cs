using ConicDsl.Backends;
using ConicDsl.Backends.Cvxopt;
using ConicDsl.Conic;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Backends.Cvxopt;

public class CvxoptBackendTests : BackendContract
{
    protected override ISolverBackend Backend { get; } = new CvxoptBackend();

    protected override double PointTolerance => 1e-6;

    [Test]
    public void IsRegistered() => Assert.That(BackendRegistry.Find("cvxopt"), Is.InstanceOf<CvxoptBackend>());

    [Test]
    public void TimeLimitKillsAndReapsTheChild()
    {
        var program = RandomProgram(200, 400, 2);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var r = Backend.Solve(program, Settings with { TimeLimitSeconds = 0.05, MaxIterations = 1_000_000, Tolerance = 1e-14 });
        Assert.That(r.Status, Is.EqualTo(SolveStatus.TimeLimit), r.Message);
        Assert.That(watch.Elapsed.TotalSeconds, Is.LessThan(5));
        Assert.That(ProcessTable.Mentioning("conicdsl-cvxopt-"), Is.Empty, "the killed bridge must not linger");
    }

    [Test]
    public void MissingPythonIsAClearError()
    {
        var backend = new CvxoptBackend("/nonexistent/python3", null);
        Assert.That(backend.MissingReason(), Does.Contain("apt-get install python3-cvxopt"));
        var r = backend.Solve(EqualityLp(), Settings);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Error));
        Assert.That(r.Message, Does.Contain("apt-get install python3-cvxopt"));
    }

    [Test]
    public void GarbageFromTheBridgeIsAnError()
    {
        using var dir = new TempDir();
        var script = dir.Write("garbage.py", "import sys\nopen(sys.argv[3], 'w').write('{not json')\n");
        var r = new CvxoptBackend(CvxoptBackend.DefaultPython, script).Solve(EqualityLp(), Settings);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Error));
        Assert.That(r.Message, Does.Contain("unreadable"));
    }

    [Test]
    public void BridgeCrashWithoutResultIsAnError()
    {
        using var dir = new TempDir();
        var script = dir.Write("crash.py", "raise SystemExit('boom')\n");
        var r = new CvxoptBackend(CvxoptBackend.DefaultPython, script).Solve(EqualityLp(), Settings);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Error));
        Assert.That(r.Message, Does.Contain("boom"));
    }

    [Test]
    public void InfeasibleQpIsNeverReportedOptimalOrCertified()
    {
        // coneqp has no self-dual embedding: on an infeasible QP it can only stop without an answer.
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 1);
        var rows = b.AddRows("bounds", ConeKind.NonNegative, 2);
        rows.Add(0, 0, 1);
        rows.SetConstant(0, -1);
        rows.Add(1, 0, -1);
        b.AddQuadraticObjective(0, 0, 1);
        var r = Backend.Solve(b.Build(), Settings);
        Assert.That(r.Status, Is.AnyOf(SolveStatus.IterationLimit, SolveStatus.NumericalError, SolveStatus.Inaccurate), r.Message);
    }
}
