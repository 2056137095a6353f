using System.Diagnostics;
using System.Globalization;
using ConicDsl.Backends;
using ConicDsl.Backends.Csdp;
using ConicDsl.Conic;
using ConicDsl.Tests.Support;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Tests.Backends.Csdp;

public class CsdpBackendTests
{
    private static readonly CsdpBackend Backend = new();
    private static readonly SolverSettings Settings = SolverSettings.Default with { TimeLimitSeconds = 30 };

    private static SolveResult SolveOptimal(ConicProgram program)
    {
        var result = Backend.Solve(program, Settings);
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Optimal), result.Message);
        var check = SolutionCheck.Compute(program, result.X.AsSpan(), result.Y.AsSpan());
        Assert.That((result.PrimalResidual, result.DualResidual, result.Gap), Is.EqualTo((check.PrimalResidual, check.DualResidual, check.Gap)),
            "the reported residuals are ConicDsl's own");
        Assert.That(check.Within(Settings.Tolerance));
        Assert.That(result.Backend, Is.EqualTo("csdp"));
        Assert.That(result.SolverVersion, Is.Not.Empty);
        Assert.That(result.Iterations, Is.GreaterThan(0));
        return result;
    }

    [Test]
    public void IsInstalledAndRegistered()
    {
        Assert.That(Backend.MissingReason(), Is.Null, "scripts/setup.sh installs coinor-csdp");
        Assert.That(BackendRegistry.Find("csdp"), Is.InstanceOf<CsdpBackend>());
    }

    /// <summary>minimize tr(CX) s.t. tr X = 1, X ⪰ 0 over x = svec(X): the optimum is λ_min(C).</summary>
    private static ConicProgram MinEigenvalueSdp(double[,] c)
    {
        int k = c.GetLength(0), len = ConeLayout.SvecLength(k);
        var b = new ConicProgramBuilder();
        b.AddVariables("svec_X", len);
        var sc = new double[len];
        Svec.FromMatrix(c, sc);
        for (int i = 0; i < len; i++) b.AddLinearObjective(i, sc[i]);
        var trace = b.AddRows("trace", ConeKind.Zero, 1);
        for (int i = 0; i < k; i++) trace.Add(0, Svec.Index(k, i, i), -1);
        trace.SetConstant(0, 1);
        var psd = b.AddPsd("X", k);
        for (int i = 0; i < len; i++) psd.Add(i, i, 1);
        return b.Build();
    }

    [Test]
    public void MinEigenvalueOfA2x2MatrixMatchesTheClosedForm()
    {
        // λ_min([[2, 1], [1, 3]]) = (5 − √5)/2; the dual is y_trace = −λ_min, y_psd = svec(C − λ_min I).
        double lambda = (5 - Math.Sqrt(5)) / 2;
        var r = SolveOptimal(MinEigenvalueSdp(new double[,] { { 2, 1 }, { 1, 3 } }));
        Assert.That(r.PrimalObjective, Is.EqualTo(lambda).Within(1e-7));
        var yPsd = new double[3];
        Svec.FromMatrix(new[,] { { 2 - lambda, 1 }, { 1, 3 - lambda } }, yPsd);
        Assert.That(r.Y, Is.EqualTo(new[] { -lambda }.Concat(yPsd)).Within(1e-6), "dual mapped back through L* with our signs");
    }

    [Test]
    public void MinEigenvalueOfA4x4MatrixMatchesMathNet()
    {
        var c = new double[,] { { 4, 1, -2, 0.5 }, { 1, 3, 0, 1 }, { -2, 0, 5, -1 }, { 0.5, 1, -1, 2 } };
        double reference = Matrix<double>.Build.DenseOfArray(c).Evd(Symmetricity.Symmetric).EigenValues.Min(e => e.Real);
        var r = SolveOptimal(MinEigenvalueSdp(c));
        Assert.That(r.PrimalObjective, Is.EqualTo(reference).Within(1e-7));
    }

    [Test]
    public void LovaszThetaOfTheFiveCycleIsSqrt5()
    {
        // θ(C5) = max tr(JX) s.t. tr X = 1, X_ij = 0 on the edges, X ⪰ 0; Lovász's closed form θ(C5) = √5.
        const int n = 5;
        int len = ConeLayout.SvecLength(n);
        var b = new ConicProgramBuilder();
        b.AddVariables("svec_X", len);
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++)
                b.AddLinearObjective(Svec.Index(n, i, j), i == j ? -1 : -Svec.Sqrt2); // −⟨svec J, svec X⟩
        var trace = b.AddRows("trace", ConeKind.Zero, 1);
        for (int i = 0; i < n; i++) trace.Add(0, Svec.Index(n, i, i), -1);
        trace.SetConstant(0, 1);
        var edges = b.AddRows("edges", ConeKind.Zero, n);
        for (int i = 0; i < n; i++) edges.Add(i, Svec.Index(n, i, (i + 1) % n), 1);
        var psd = b.AddPsd("X", n);
        for (int i = 0; i < len; i++) psd.Add(i, i, 1);
        var r = SolveOptimal(b.Build());
        Assert.That(-r.PrimalObjective, Is.EqualTo(Math.Sqrt(5)).Within(1e-7));
    }

    [Test]
    public void LpWithEqualityHasKnownOptimumAndDualSigns()
    {
        // BackendContract.EqualityLp: optimum x = (1, 0), value 1, y = (−1, 0, 1) (derived there by hand).
        var r = SolveOptimal(BackendContract.EqualityLp());
        Assert.That(r.PrimalObjective, Is.EqualTo(1.0).Within(1e-7));
        Assert.That(r.X, Is.EqualTo(new[] { 1.0, 0.0 }).Within(1e-6));
        Assert.That(r.Y, Is.EqualTo(new[] { -1.0, 0.0, 1.0 }).Within(1e-6), "the split equality recombines as y⁺ − y⁻ with our sign");
    }

    [Test]
    public void SocpBallThroughTheArrowLiftHasKnownOptimumAndDual()
    {
        // BackendContract.BallSocp: x = −(1, 1)/√2, value −√2, dual (√2, 1, 1).
        var r = SolveOptimal(BackendContract.BallSocp());
        double h = 1 / Math.Sqrt(2);
        Assert.That(r.PrimalObjective, Is.EqualTo(-Math.Sqrt(2)).Within(1e-7));
        Assert.That(r.X, Is.EqualTo(new[] { -h, -h }).Within(1e-6));
        Assert.That(r.Y, Is.EqualTo(new[] { Math.Sqrt(2), 1, 1 }).Within(1e-6));
    }

    [Test]
    public void MinimumNormOnAHyperplaneIsOneOverNormA()
    {
        // min t s.t. ‖x‖ ≤ t, aᵀx = 1: the closest point of the hyperplane is a/‖a‖², at distance 1/‖a‖.
        var a = new[] { 1.0, -2.0, 2.0 };
        double norm = Math.Sqrt(a.Sum(v => v * v));
        var r = SolveOptimal(MinimumNormProgram(a));
        Assert.That(r.PrimalObjective, Is.EqualTo(1 / norm).Within(1e-7));
        Assert.That(r.X.Skip(1), Is.EqualTo(a.Select(v => v / (norm * norm))).Within(1e-6));
    }

    [TestCase(1e-7, true)]
    [TestCase(1e-2, false)]
    public void ASuccessPointThatFailsTheCheckIsRefinedOnlyWhenItKeepsItsObjective(double error, bool certified)
    {
        // A stand-in CSDP says success and returns the closed-form optimum (t, x) = (1/‖a‖, a/‖a‖²) scaled by
        // 1 + error, with no dual. The check fails (primal residual ~error); the refinement rebuilds the dual and
        // polishes from that point. At 1e-7 the polished point keeps the claimed objective and is certified (closed
        // form); at 1e-2 it would be the optimum too, but 3e-3 away from the claimed objective, so it is not
        // accepted as CSDP's answer.
        var a = new[] { 1.0, -2.0, 2.0 };
        double norm = Math.Sqrt(a.Sum(v => v * v));
        var point = new[] { 1 / norm }.Concat(a.Select(v => v / (norm * norm))).Select(v => v * (1 + error));
        using var dir = new TempDir();
        var exe = Script(dir, "near-csdp", $"printf '{string.Join(" ", point.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}\\n' > \"$2\"; exit 0");
        var r = new CsdpBackend(exe).Solve(MinimumNormProgram(a), Settings);
        TestContext.Out.WriteLine($"error {error}: {r.Status.ToWire()} {r.PrimalObjective:R}; {r.Message}");
        Assert.That(r.Status, Is.EqualTo(certified ? SolveStatus.Optimal : SolveStatus.Inaccurate), r.Message);
        if (!certified) return;
        Assert.That(r.Message, Does.Contain("polished"));
        Assert.That(r.PrimalObjective, Is.EqualTo(1 / norm).Within(1e-12));
        Assert.That(r.X.Skip(1), Is.EqualTo(a.Select(v => v / (norm * norm))).Within(1e-12));
    }

    private static ConicProgram MinimumNormProgram(double[] a)
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("t", 1);
        b.AddVariables("x", 3);
        b.AddLinearObjective(0, 1);
        var eq = b.AddRows("a.x=1", ConeKind.Zero, 1);
        for (int i = 0; i < 3; i++) eq.Add(0, 1 + i, -a[i]);
        eq.SetConstant(0, 1);
        var soc = b.AddRows("norm", ConeKind.SecondOrder, 4);
        for (int i = 0; i < 4; i++) soc.Add(i, i, 1);
        return b.Build();
    }

    [Test]
    public void RandomLpWithSocSolvesToTheCheckedTolerance()
    {
        var program = BackendContract.RandomProgram(40, 60, 1);
        var r = Backend.Solve(program, Settings with { Tolerance = 1e-6 });
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Optimal), r.Message);
    }

    [Test]
    public void InfeasibleLpIsCertified()
    {
        // x0 ≥ 1 and x0 ≤ 0: CSDP's "dual infeasible" (exit 2) is our primal infeasibility.
        var program = BackendContract.InfeasibleLp();
        var r = Backend.Solve(program, Settings);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Infeasible), r.Message);
        Assert.That(r.Y.Length, Is.EqualTo(program.Constraints));
    }

    [Test]
    public void InfeasibleSdpIsCertified()
    {
        // tr X = −1 with X ⪰ 0 has no solution; y = (1, svec I) certifies it (Aᵀy = 0, bᵀy = −1 < 0).
        var b = new ConicProgramBuilder();
        b.AddVariables("svec_X", 3);
        b.AddLinearObjective(0, 1);
        var trace = b.AddRows("trace", ConeKind.Zero, 1);
        trace.Add(0, 0, -1);
        trace.Add(0, 2, -1);
        trace.SetConstant(0, -1);
        var psd = b.AddPsd("X", 2);
        for (int i = 0; i < 3; i++) psd.Add(i, i, 1);
        var r = Backend.Solve(b.Build(), Settings);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Infeasible), r.Message);
    }

    [Test]
    public void UnboundedLpIsCertified()
    {
        // CSDP's "primal infeasible" (exit 1) is our dual infeasibility: the ray (1, 1) of BackendContract.UnboundedLp.
        var r = Backend.Solve(BackendContract.UnboundedLp(), Settings);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Unbounded), r.Message);
        Assert.That(r.X[0] + r.X[1], Is.GreaterThan(0));
    }

    [Test]
    public void VariablesInNoRowAreHandledBeforeCsdp()
    {
        // CSDP refuses empty constraint matrices. With no cost such a variable is 0 at the optimum; with a cost
        // the program is unbounded along it.
        ConicProgram With(double cost)
        {
            var b = new ConicProgramBuilder();
            b.AddVariables("x", 2);
            var pos = b.AddRows("x0>=1", ConeKind.NonNegative, 1);
            pos.Add(0, 0, 1);
            pos.SetConstant(0, -1);
            b.AddLinearObjective(0, 1);
            b.AddLinearObjective(1, cost);
            return b.Build();
        }
        var r = SolveOptimal(With(0));
        Assert.That(r.X, Is.EqualTo(new[] { 1.0, 0.0 }).Within(1e-6));
        var u = Backend.Solve(With(-2), Settings);
        Assert.That(u.Status, Is.EqualTo(SolveStatus.Unbounded), u.Message);
        Assert.That(u.X, Is.EqualTo(new[] { 0.0, 1.0 }));
    }

    [Test]
    public void QuadraticObjectiveIsRefused()
    {
        var program = BackendContract.HalfPlaneQp();
        Assert.That(Backend.Rejects(program), Does.Contain("cvxopt"));
        var r = Backend.Solve(program, Settings);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Error));
        Assert.That(r.Message, Does.Contain("quadratic"));
    }

    [Test]
    public void IterationLimitReachesCsdpThroughItsParameterFile()
    {
        var r = Backend.Solve(BackendContract.RandomProgram(40, 60, 1), Settings with { MaxIterations = 2 });
        Assert.That(r.Status, Is.EqualTo(SolveStatus.IterationLimit), r.Message);
        Assert.That(r.Iterations, Is.LessThanOrEqualTo(3));
    }

    [Test]
    public void CsdpGetsATenthOfTheToleranceButNothingTighterThanItsDefault()
    {
        Assert.That(CsdpBackend.CsdpTolerance(1e-4), Is.EqualTo(1e-5).Within(1e-20));
        Assert.That(CsdpBackend.CsdpTolerance(1e-7), Is.EqualTo(1e-8).Within(1e-22));
        Assert.That(CsdpBackend.CsdpTolerance(1e-8), Is.EqualTo(1e-8));
        Assert.That(CsdpBackend.CsdpTolerance(1e-10), Is.EqualTo(1e-10));
        Assert.That(CsdpBackend.Parameters(1e-5, 7).Split('\n'), Does.Contain("axtol=1.000E-005").And.Contain("maxiter=7"));
    }

    [Test]
    public void MissingBinaryIsAClearError()
    {
        var backend = new CsdpBackend("/nonexistent/csdp");
        Assert.That(backend.MissingReason(), Does.Contain("apt-get install coinor-csdp"));
        Assert.That(new CsdpBackend(null).MissingReason(), Does.Contain("apt-get install coinor-csdp"));
        var r = backend.Solve(BackendContract.EqualityLp(), Settings);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Error));
        Assert.That(r.Message, Does.Contain("apt-get install coinor-csdp"));
    }

    private static string Script(TempDir dir, string name, string body)
    {
        var path = dir.Write(name, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Test]
    public void TimeLimitKillsAndReapsTheChild()
    {
        // A stand-in that never finishes: the limit, not CSDP's speed, is under test.
        using var dir = new TempDir();
        var exe = Script(dir, "slow-csdp", "exec sleep 300");
        var watch = Stopwatch.StartNew();
        var r = new CsdpBackend(exe).Solve(BackendContract.EqualityLp(), Settings with { TimeLimitSeconds = 0.3 });
        Assert.That(r.Status, Is.EqualTo(SolveStatus.TimeLimit), r.Message);
        Assert.That(watch.Elapsed.TotalSeconds, Is.LessThan(5));
        Assert.That(ProcessTable.Mentioning(exe), Is.Empty, "the killed child must not linger");
    }

    [Test]
    public void GarbageSolutionFileIsAnError()
    {
        using var dir = new TempDir();
        var exe = Script(dir, "garbage-csdp", "echo 'not numbers' > \"$2\"; exit 0");
        var r = new CsdpBackend(exe).Solve(BackendContract.EqualityLp(), Settings);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Error));
        Assert.That(r.Message, Does.Contain("unreadable"));
    }

    [Test]
    public void ClaimedSuccessWithAWrongPointIsNotOptimal()
    {
        // Exit 0 with x = (0, 0) and a zero dual: the residual check, not CSDP's exit code, decides.
        using var dir = new TempDir();
        var exe = Script(dir, "lying-csdp", "printf '0 0\\n' > \"$2\"; exit 0");
        var r = new CsdpBackend(exe).Solve(BackendContract.EqualityLp(), Settings);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Inaccurate), r.Message);
    }
}
