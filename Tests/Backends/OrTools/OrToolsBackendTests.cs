using ConicDsl.Backends;
using ConicDsl.Backends.OrTools;
using ConicDsl.Conic;
using ModelBuilderHelper = Google.OrTools.ModelBuilder.ModelBuilderHelper;
using ModelSolverHelper = Google.OrTools.ModelBuilder.ModelSolverHelper;
using static ConicDsl.Tests.Backends.BackendContract;

namespace ConicDsl.Tests.Backends.OrTools;

/// <summary>
/// The OR-Tools backend on programs whose optimum, dual and status are known in closed form (the references are
/// derived in the comments here and in <see cref="BackendContract"/>), never on another solver's output.
/// </summary>
public class OrToolsBackendTests
{
    private static readonly OrToolsBackend Backend = new();
    private static readonly SolverSettings Settings = SolverSettings.Default with { TimeLimitSeconds = 30 };

    private static SolverSettings With(string solver, double? tolerance = null) =>
        Settings with
        {
            Words = new Dictionary<string, string> { ["solver"] = solver },
            Tolerance = tolerance ?? Settings.Tolerance,
        };

    private static SolveResult SolveOptimal(ConicProgram program, SolverSettings settings)
    {
        var r = Backend.Solve(program, settings);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Optimal), r.Message);
        var check = SolutionCheck.Compute(program, r.X.AsSpan(), r.Y.AsSpan());
        Assert.That(check.Within(settings.Tolerance), "optimal only when ConicDsl's own check passes");
        Assert.That((r.PrimalResidual, r.DualResidual, r.Gap), Is.EqualTo((check.PrimalResidual, check.DualResidual, check.Gap)));
        Assert.That(r.SolverVersion, Does.StartWith("OR-Tools 9."));
        return r;
    }

    // min t s.t. ‖x‖ ≤ t, aᵀx = 1 with a = (3, 4): the closest point of the line to the origin is a/‖a‖², so the
    // optimum is 1/‖a‖ = 0.2 at x = (0.12, 0.16).
    private static ConicProgram MinNormOnLine()
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 2);
        b.AddVariables("t", 1);
        var eq = b.AddRows("a'x=1", ConeKind.Zero, 1);
        eq.Add(0, 0, 3);
        eq.Add(0, 1, 4);
        eq.SetConstant(0, -1);
        var soc = b.AddRows("norm", ConeKind.SecondOrder, 3);
        soc.Add(0, 2, 1);
        soc.Add(1, 0, 1);
        soc.Add(2, 1, 1);
        b.AddLinearObjective(2, 1);
        return b.Build();
    }

    /// <summary>Random rows with x = 0 strictly feasible, inside the box |x| ≤ 10: feasible and bounded.</summary>
    private static ConicProgram RandomLp(int n, int m, int seed)
    {
        var rng = new Random(seed);
        var b = new ConicProgramBuilder();
        b.AddVariables("x", n);
        var rows = b.AddRows("random", ConeKind.NonNegative, m + 2 * n);
        for (int r = 0; r < m; r++)
        {
            for (int k = 0; k < 8; k++) rows.Add(r, rng.Next(n), rng.NextDouble() * 2 - 1);
            rows.SetConstant(r, 1 + rng.NextDouble());
        }
        for (int j = 0; j < n; j++)
        {
            rows.Add(m + 2 * j, j, 1);
            rows.SetConstant(m + 2 * j, 10);
            rows.Add(m + 2 * j + 1, j, -1);
            rows.SetConstant(m + 2 * j + 1, 10);
        }
        for (int j = 0; j < n; j++) b.AddLinearObjective(j, rng.NextDouble() * 2 - 1);
        return b.Build();
    }

    [TestCase("glop")]
    [TestCase("pdlp")]
    [TestCase("highs")]
    public void RandomLpPassesTheCheckOnEveryLpSolver(string solver)
    {
        var r = Backend.Solve(RandomLp(200, 300, 1), With(solver, 1e-7));
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Optimal), r.Message);
        TestContext.Out.WriteLine($"{solver}: {r.SolveTime.TotalMilliseconds:F1} ms, {r.Message}");
    }

    [Test]
    public void RandomSocpOnScip()
    {
        var program = RandomProgram(20, 30, 1);
        var r = Backend.Solve(program, Settings with { Tolerance = 1e-6 });
        TestContext.Out.WriteLine($"scip: {r.SolveTime.TotalMilliseconds:F1} ms, {r.Status}, {r.Message}");
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Optimal), r.Message);
    }

    [Test]
    public void IsRegisteredAndLoads()
    {
        Assert.That(BackendRegistry.Find("ortools"), Is.InstanceOf<OrToolsBackend>());
        Assert.That(Backend.MissingReason(), Is.Null, "the Google.OrTools package ships the native library for linux-x64");
    }

    [TestCase("glop")]
    [TestCase("pdlp")]
    [TestCase("highs")]
    public void LpHasKnownOptimumAndOurDualSigns(string solver)
    {
        var r = SolveOptimal(EqualityLp(), With(solver));
        Assert.That(r.PrimalObjective, Is.EqualTo(1.0).Within(1e-7));
        Assert.That(r.X, Is.EqualTo(new[] { 1.0, 0.0 }).Within(1e-6));
        // Hand-derived (BackendContract.EqualityLp): y_eq = −1, y for x ≥ 0 is (0, 1). OR-Tools' own duals are
        // the negatives of these; the test would fail if the sign flip were missing.
        Assert.That(r.Y, Is.EqualTo(new[] { -1.0, 0.0, 1.0 }).Within(1e-6));
    }

    [Test]
    public void SocpMinimumNormOnALineOnScip()
    {
        var r = SolveOptimal(MinNormOnLine(), With("scip", 1e-6));
        Assert.That(r.PrimalObjective, Is.EqualTo(0.2).Within(1e-6));
        Assert.That(r.X[0], Is.EqualTo(0.12).Within(1e-3));
        Assert.That(r.X[1], Is.EqualTo(0.16).Within(1e-3));
        Assert.That(r.Message, Does.Contain("rebuilt"), "SCIP gives no dual; the one checked was rebuilt by ConicDsl");
    }

    [Test]
    public void ScipProvesTheMinNormSocpOptimalItself()
    {
        // AgreementTests' min ‖x‖ s.t. aᵀx = 1 in four variables. Presolve substitutes aᵀx = 1 into the cone; with
        // SCIP's default expansion of (affine)² the cone needs eigenvalues (LAPACK, absent from this SCIP build) to be
        // recognised, and SCIP branched to its time limit with a dual bound of 0. It must now prove optimality itself.
        var a = new[] { 1.0, -2.0, 0.5, 3.0 };
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 4);
        var t = b.AddVariables("t", 1);
        b.AddLinearObjective(t.Offset, 1);
        var eq = b.AddRows("a'x = 1", ConeKind.Zero, 1);
        for (int i = 0; i < 4; i++) eq.Add(0, i, a[i]);
        eq.SetConstant(0, -1);
        var soc = b.AddRows("norm", ConeKind.SecondOrder, 5);
        soc.Add(0, t.Offset, 1);
        for (int i = 0; i < 4; i++) soc.Add(i + 1, i, 1);
        var r = Backend.Solve(b.Build(), With("scip") with { TimeLimitSeconds = 5 });
        TestContext.Out.WriteLine($"{r.SolveTime.TotalSeconds:F3} s, {r.Status}, {r.Message}");
        Assert.That(r.Message, Does.Contain("SCIP status OPTIMAL"));
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Optimal), r.Message);
        Assert.That(r.PrimalObjective, Is.EqualTo(1 / Math.Sqrt(a.Sum(v => v * v))).Within(1e-7));
    }

    [Test]
    public void ScipParametersKeepSquaresAndAFeasibilityToleranceAboveEpsilon()
    {
        Assert.That(OrToolsBackend.ScipParameters(1e-8), Does.Contain("expr/pow/expandmaxexponent = 1"));
        Assert.That(OrToolsBackend.ScipParameters(1e-12), Does.Contain("numerics/feastol = 1E-08").IgnoreCase);
        Assert.That(OrToolsBackend.ScipParameters(1e-7), Does.Contain("numerics/feastol = 1E-07").IgnoreCase);
        Assert.That(OrToolsBackend.ScipParameters(1e-3), Does.Contain("numerics/feastol = 1E-06").IgnoreCase);
        // The rerun's tight numerics: SCIP's epsilon kept below its feasibility tolerance, squares kept.
        Assert.That(OrToolsBackend.ScipTightParameters, Does.Contain("expr/pow/expandmaxexponent = 1"));
        Assert.That(OrToolsBackend.ScipTightParameters, Does.Contain("numerics/epsilon = 1e-12").And.Contain("numerics/feastol = 1e-10"));
    }

    [Test]
    public void SocpBallIsTheDefaultScipAndItsDualIsRebuilt()
    {
        // min x0 + x1 on the unit ball: −√2 at −(1, 1)/√2, dual (√2, 1, 1) (BackendContract.BallSocp).
        var r = SolveOptimal(BallSocp(), Settings with { Tolerance = 1e-5 });
        Assert.That(r.SolverVersion, Does.Contain("SCIP"));
        Assert.That(r.PrimalObjective, Is.EqualTo(-Math.Sqrt(2)).Within(1e-6));
        Assert.That(r.Y, Is.EqualTo(new[] { Math.Sqrt(2), 1, 1 }).Within(1e-3));
    }

    [Test]
    public void ScipAtATightToleranceIsNeverOverclaimed()
    {
        // On a curved boundary SCIP's point is only as good as √(its objective accuracy); at 1e-12 the residual
        // check must say so rather than pass SCIP's OPTIMAL through.
        var program = BallSocp();
        var r = Backend.Solve(program, Settings with { Tolerance = 1e-12 });
        var check = SolutionCheck.Compute(program, r.X.AsSpan(), r.Y.Length == 0 ? new double[program.Constraints] : r.Y.AsSpan());
        Assert.That(r.Status == SolveStatus.Optimal, Is.EqualTo(check.Within(1e-12)), r.Message);
    }

    [TestCase("scip")]
    [TestCase("pdlp")]
    public void QpProjectionHasKnownOptimum(string solver)
    {
        // min ½‖x‖² − x0 − 2x1 s.t. x0 + x1 ≤ 1: projection of (1, 2) onto the half-plane, (0, 1), value −1.5, y = 1.
        var r = SolveOptimal(HalfPlaneQp(), With(solver, 1e-6));
        Assert.That(r.PrimalObjective, Is.EqualTo(-1.5).Within(1e-6));
        Assert.That(r.X, Is.EqualTo(new[] { 0.0, 1.0 }).Within(1e-3));
        Assert.That(r.Y, Is.EqualTo(new[] { 1.0 }).Within(1e-3));
    }

    [Test]
    public void QpDefaultsToPdlpForDiagonalP() =>
        Assert.That(OrToolsBackend.DefaultSolver(HalfPlaneQp()), Is.EqualTo("pdlp"));

    [TestCase("glop")]
    [TestCase("highs")]
    public void QuadraticObjectiveIsRefusedByLinearSolvers(string solver)
    {
        var r = Backend.Solve(HalfPlaneQp(), With(solver));
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Error));
        Assert.That(r.Message, Does.Contain("drop the quadratic objective").And.Contain("scip"));
        Assert.That(r.X, Is.Empty);
    }

    [TestCase("glop")]
    [TestCase("pdlp")]
    public void SocIsRefusedByLinearSolvers(string solver)
    {
        var r = Backend.Solve(BallSocp(), With(solver));
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Error));
        Assert.That(r.Message, Does.Contain("use solver scip"));
    }

    [Test]
    public void PsdIsRefused()
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 1);
        var psd = b.AddPsd("X", 2);
        psd.Add(0, 0, 1);
        psd.SetConstant(2, 1);
        b.AddLinearObjective(0, 1);
        var program = b.Build();
        Assert.That(Backend.Rejects(program), Does.Contain("semidefinite").And.Contain("scs"));
        foreach (var solver in OrToolsBackend.Solvers)
            Assert.That(Backend.Solve(program, With(solver)).Status, Is.EqualTo(SolveStatus.Error));
    }

    [Test]
    public void UnknownSolverWordIsAnError() =>
        Assert.That(Backend.Solve(EqualityLp(), With("cplex")).Message, Does.Contain("unknown OR-Tools solver"));

    [TestCase("glop")]
    [TestCase("highs")]
    [TestCase("pdlp")]
    public void InfeasibleLpIsCertified(string solver)
    {
        // x ≥ 1 and x ≤ 0: y = (1, 1) on the two rows is a Farkas certificate (Aᵀy = 0, bᵀy = −1).
        var program = InfeasibleLp();
        var r = Backend.Solve(program, With(solver));
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Infeasible), r.Message);
        Assert.That(ExternalResults.InfeasibilityResidual(program, r.Y.ToArray()), Is.LessThan(1e-6));
    }

    [TestCase("glop")]
    [TestCase("highs")]
    public void UnboundedLpIsCertified(string solver)
    {
        // GLOP reports this as INFEASIBLE ("infeasible or unbounded"); the checked ray decides.
        var program = UnboundedLp();
        var r = Backend.Solve(program, With(solver));
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Unbounded), r.Message);
        Assert.That(r.X[0] + r.X[1], Is.GreaterThan(0), "the ray points along (1, 1)");
    }

    [Test]
    public void InfeasibleSocpOnScipIsCertified()
    {
        // ‖x‖ ≤ 1 and x0 ≥ 2 cannot both hold.
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 2);
        var row = b.AddRows("x0>=2", ConeKind.NonNegative, 1);
        row.Add(0, 0, 1);
        row.SetConstant(0, -2);
        var soc = b.AddRows("ball", ConeKind.SecondOrder, 3);
        soc.SetConstant(0, 1);
        soc.Add(1, 0, 1);
        soc.Add(2, 1, 1);
        b.AddLinearObjective(0, 1);
        var r = Backend.Solve(b.Build(), With("scip"));
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Infeasible), r.Message);
    }

    [Test]
    public void UnboundedQpOnScipIsCertifiedWithARayInPsNullSpace()
    {
        // min ½x1² − x0 s.t. x1 ≤ 1: x0 → ∞ along d = (1, 0), which has Pd = 0 and cᵀd = −1 < 0.
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 2);
        var row = b.AddRows("x1<=1", ConeKind.NonNegative, 1);
        row.Add(0, 1, -1);
        row.SetConstant(0, 1);
        b.AddQuadraticObjective(1, 1, 1);
        b.AddLinearObjective(0, -1);
        var r = Backend.Solve(b.Build(), With("scip"));
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Unbounded), r.Message);
        Assert.That(r.X[0], Is.GreaterThan(0));
        Assert.That(r.X[1], Is.EqualTo(0).Within(1e-9), "a ray of an unbounded QP lies in P's null space");
    }

    [Test]
    public void TimeLimitIsHonouredAndNeverOverclaimed()
    {
        var program = RandomProgram(200, 400, 2);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var r = Backend.Solve(program, Settings with { TimeLimitSeconds = 0.2, Tolerance = 1e-9 });
        TestContext.Out.WriteLine($"scip 200x400 with a 0.2 s limit: {watch.Elapsed.TotalSeconds:F2} s wall, {r.Status}, {r.Message}");
        Assert.That(watch.Elapsed.TotalSeconds, Is.LessThan(10));
        if (r.Status == SolveStatus.Optimal)
            Assert.That(SolutionCheck.Compute(program, r.X.AsSpan(), r.Y.AsSpan()).Within(1e-9));
    }

    [Test]
    public void PdlpStoppedEarlyIsNeverOptimal()
    {
        var program = RandomLp(60, 80, 3);
        var r = Backend.Solve(program, With("pdlp") with { MaxIterations = 2 });
        Assert.That(r.Status, Is.Not.EqualTo(SolveStatus.Optimal), r.Message);
        Assert.That(r.Status, Is.AnyOf(SolveStatus.IterationLimit, SolveStatus.Inaccurate, SolveStatus.NumericalError), r.Message);
    }

    [Test]
    public void MpsExportIsReadBackByOrTools()
    {
        var mps = MpsExport.ToMps(EqualityLp());
        Assert.That(mps, Does.Contain("ROWS").And.Contain(" E  C0").And.Contain(" L  C1").And.Contain("FR"));
        using var model = new ModelBuilderHelper();
        Assert.That(model.ImportFromMpsString(mps), Is.True);
        Assert.That((model.VariablesCount(), model.ConstraintsCount()), Is.EqualTo((2, 3)));
        using var solver = new ModelSolverHelper("glop");
        solver.Solve(model);
        Assert.That(solver.ObjectiveValue(), Is.EqualTo(1.0).Within(1e-9), "the read-back LP has the closed-form optimum");
    }

    [Test]
    public void MpsExportRefusesConesAndNamesCbf()
    {
        Assert.That(MpsExport.Rejects(BallSocp()), Does.Contain("CBF"));
        Assert.Throws<NotSupportedException>(() => MpsExport.ToMps(HalfPlaneQp()));
    }
}
