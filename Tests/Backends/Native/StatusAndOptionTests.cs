using NUnit.Framework;
using ConicDsl.Backends;
using ConicDsl.Backends.Native;
using static ConicDsl.Tests.Backends.Native.NativeTestPrograms;

namespace ConicDsl.Tests.Backends.Native;

public class StatusAndOptionTests
{
    private static ConicDsl.Conic.ConicProgram Box()
    {
        var a = new List<(int, int, double)>();
        var b = new double[4];
        for (int i = 0; i < 2; i++)
        {
            a.Add((i, i, 1)); b[i] = 1;
            a.Add((2 + i, i, -1)); b[2 + i] = 1;
        }
        return Make(2, a, b, new double[] { 1, -1 }, 0, 4);
    }

    [Test]
    public void CancellationReturnsInterruptedWithAnIterate()
    {
        // Cancelled from the progress callback after iteration 2, so iterates exist; the best of them is returned.
        using var cts = new CancellationTokenSource();
        var settings = new SolverSettings { Progress = new CancelAt(2, cts) };
        var r = new NativeBackend().Solve(Box(), settings, cts.Token);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Interrupted));
        Assert.That(r.Message, Does.Contain("interrupted"));
        Assert.That(r.X.Length, Is.EqualTo(2));
        Assert.That(r.PrimalResidual, Is.Not.NaN, "the point comes with its recomputed residuals");
    }

    [Test]
    public void CancellationBeforeTheFirstIterateIsInterruptedWithoutAPoint()
    {
        // The starting point's factorization polls the token too, so an already cancelled solve has no iterate.
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var r = new NativeBackend().Solve(Box(), SolverSettings.Default, cts.Token);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Interrupted));
        Assert.That(r.X, Is.Empty);
    }

    private sealed class CancelAt(int iteration, CancellationTokenSource cts) : IProgress<SolverIteration>
    {
        public void Report(SolverIteration value)
        {
            if (value.Iteration == iteration) cts.Cancel();
        }
    }

    [Test]
    public void TimeLimitIsHonoured()
    {
        var r = new NativeBackend().Solve(Box(), new SolverSettings { TimeLimitSeconds = 0 });
        Assert.That(r.Status, Is.EqualTo(SolveStatus.TimeLimit), r.Message);
    }

    [Test]
    public void NonFiniteDataIsANumericalErrorNotAnException()
    {
        var a = new (int, int, double)[] { (0, 0, 1), (1, 0, -1) };
        var prog = Make(1, a, new[] { 1.0, double.NaN }, new[] { 1.0 }, 0, 2);
        var r = Solve(prog);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.NumericalError));
        Assert.That(r.Message, Is.Not.Empty);
    }

    /// <summary>The dense KKT path, forced: the sparse one factors <see cref="LargeOrthant"/>'s diagonal system at once.</summary>
    private static readonly SolverSettings DenseKkt = new() { Words = new Dictionary<string, string> { ["kkt"] = "dense" } };

    /// <summary>min Σx s.t. x ≥ 0 in 4,000 variables: the dense KKT matrix has order 4,000, and one dense factorization
    /// (about 2·10¹⁰ flops) takes seconds, far more than the limits below.</summary>
    private static ConicDsl.Conic.ConicProgram LargeOrthant()
    {
        const int n = 4000;
        var a = Enumerable.Range(0, n).Select(i => (i, i, -1.0));
        return Make(n, a, new double[n], Enumerable.Repeat(1.0, n).ToArray(), 0, n);
    }

    [Test]
    public void ATimeLimitStopsInsideTheFirstFactorization()
    {
        var r = new NativeBackend().Solve(LargeOrthant(), DenseKkt with { TimeLimitSeconds = 0.2 });
        Assert.That(r.Status, Is.EqualTo(SolveStatus.TimeLimit), r.Message);
        Assert.That(r.SolveTime.TotalSeconds, Is.LessThan(1.5), "the factorization polls the limit");
    }

    [Test]
    public void CancellationStopsInsideTheFirstFactorization()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(0.2));
        var r = new NativeBackend().Solve(LargeOrthant(), DenseKkt, cts.Token);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Interrupted), r.Message);
        Assert.That(r.SolveTime.TotalSeconds, Is.LessThan(1.5));
    }

    [Test]
    public void OverflowingIteratesEndAsANumericalErrorNotAnException()
    {
        // Finite data whose scale (1e300) overflows the iterates' products: min 1e300·x s.t. 1e300·x ≥ 1e300.
        var a = new (int, int, double)[] { (0, 0, -1e300) };
        var prog = Make(1, a, new[] { -1e300 }, new[] { 1e300 }, 0, 1);
        var r = Solve(prog);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.NumericalError), r.Message);
        Assert.That(r.Message, Is.Not.Empty);
    }

    [Test]
    public void EveryIterationIsReportedAndRecorded()
    {
        var seen = new List<SolverIteration>();
        var settings = new SolverSettings { Progress = new Recorder(seen) };
        var r = new NativeBackend().Solve(Box(), settings);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Optimal), r.Message);
        // Iterations 0..k are checked; the k-th is the one returned.
        Assert.That(seen.Select(i => i.Iteration), Is.EqualTo(Enumerable.Range(0, r.Iterations + 1)));
        Assert.That(r.History, Is.EqualTo(seen));
        Assert.That(seen[^1].PrimalResidual, Is.EqualTo(r.PrimalResidual));
        Assert.That(seen[^1].Gap, Is.EqualTo(r.Gap));
    }

    /// <summary>Synchronous, unlike <see cref="Progress{T}"/>, which posts to the thread pool.</summary>
    private sealed class Recorder(List<SolverIteration> seen) : IProgress<SolverIteration>
    {
        public void Report(SolverIteration value) => seen.Add(value);
    }

    [Test]
    public void UnboundedQpAlongTheNullSpaceOfP()
    {
        // min ½x1² − x2 s.t. x2 ≥ 0: reference direction (0, 1) with P·d = 0 and cᵀd = −1.
        var a = new (int, int, double)[] { (0, 1, -1) };
        var prog = Make(2, a, new double[] { 0 }, new double[] { 0, -1 }, 0, 1, null, new[] { (0, 0, 1.0) });
        var r = Solve(prog);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Unbounded), r.Message);
        Assert.That(Math.Abs(r.X[0]), Is.LessThan(1e-8));
        Assert.That(r.X[1], Is.EqualTo(1).Within(1e-12));
    }

    [Test]
    public void InconsistentEqualitiesAreInfeasible()
    {
        // x1 + x2 = 1 and x1 + x2 = 2: reference certificate y = t·(1, −1) on the zero rows (free duals).
        var a = new (int, int, double)[] { (0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1), (2, 0, -1), (3, 1, -1) };
        var prog = Make(2, a, new double[] { 1, 2, 0, 0 }, new double[] { 1, 1 }, 2, 2);
        var r = Solve(prog);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Infeasible), r.Message);
        var y = r.Y;
        Assert.That(y[2], Is.GreaterThanOrEqualTo(0));
        Assert.That(y[3], Is.GreaterThanOrEqualTo(0));
        Assert.That(y[0] + y[1] - y[2], Is.EqualTo(0).Within(1e-8), "Aᵀy column 1");
        Assert.That(y[0] + y[1] - y[3], Is.EqualTo(0).Within(1e-8), "Aᵀy column 2");
        Assert.That(y[0] + 2 * y[1], Is.EqualTo(-1).Within(1e-12), "bᵀy = −1");
    }

    [Test]
    public void VariableInNoRowWithZeroCostIsHarmless()
    {
        // The third variable appears nowhere (a zero column of A and P); reference value is that of the box LP, −2.
        var a = new List<(int, int, double)>();
        var b = new double[4];
        for (int i = 0; i < 2; i++)
        {
            a.Add((i, i, 1)); b[i] = 1;
            a.Add((2 + i, i, -1)); b[2 + i] = 1;
        }
        var prog = Make(3, a, b, new double[] { 1, -1, 0 }, 0, 4);
        var r = Solve(prog);
        AssertOptimal(prog, r);
        Assert.That(r.PrimalObjective, Is.EqualTo(-2).Within(1e-7));
    }

    [Test]
    public void OptionsOverrideSettingsAndVerbosePrintsIterations()
    {
        var settings = new SolverSettings { Options = new Dictionary<string, double> { ["tolerance"] = 1e-4, ["verbose"] = 1 } };
        var parsed = InteriorPointSettings.From(settings);
        Assert.That(parsed.Tolerance, Is.EqualTo(1e-4));
        Assert.That(parsed.Verbose, Is.True);
        var saved = Console.Error;
        var log = new StringWriter();
        Console.SetError(log);
        SolveResult r;
        try
        {
            r = new NativeBackend().Solve(Box(), settings);
        }
        finally
        {
            Console.SetError(saved);
        }
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Optimal));
        Assert.That(log.ToString().Split('\n').Count(l => l.Contains("pobj")), Is.EqualTo(r.Iterations + 1));
    }

    [Test]
    public void BadOptionIsAnErrorResult()
    {
        var r = new NativeBackend().Solve(Box(), new SolverSettings { Options = new Dictionary<string, double> { ["tolerance"] = -1 } });
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Error));
    }
}
