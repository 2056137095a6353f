using ConicDsl.Tests.Support;
using ConicDsl.Backends;
using ConicDsl.Conic;

namespace ConicDsl.Tests.Backends;

/// <summary>
/// Small programs with closed-form optima, and the checks every external backend must pass on them. The cvxopt
/// and scs fixtures derive from this; a backend that is not installed fails these tests (set-up installs it).
/// </summary>
public abstract class BackendContract
{
    protected abstract ISolverBackend Backend { get; }

    /// <summary>How close the returned point must be to the closed form (SCS is first-order, so looser).</summary>
    protected abstract double PointTolerance { get; }

    /// <summary>False where the solver's interface drops the certificate vectors (scs-solver's wasm binding).</summary>
    protected virtual bool ReturnsCertificates => true;

    protected static readonly SolverSettings Settings = SolverSettings.Default with { TimeLimitSeconds = 30 };

    [Test]
    public void IsInstalled() =>
        Assert.That(((IExternalBackend)Backend).MissingReason(), Is.Null, "scripts/setup.sh installs this backend");

    // min x0 + 2·x1  s.t. x0 + x1 = 1 (zero cone), x ≥ 0. Optimum x = (1, 0), value 1.
    // Our sign convention c + Aᵀy = 0 with the equality row A = [1 1], b = 1 and the orthant rows A = −I, b = 0:
    // (1, 2) + y_eq·(1, 1) − (y1, y2) = 0 with y1·x0 = 0, so y_eq = −1 and (y1, y2) = (0, 1).
    internal static ConicProgram EqualityLp()
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 2);
        var eq = b.AddRows("sum", ConeKind.Zero, 1);
        eq.Add(0, 0, -1);
        eq.Add(0, 1, -1);
        eq.SetConstant(0, 1);
        var pos = b.AddRows("x>=0", ConeKind.NonNegative, 2);
        pos.Add(0, 0, 1);
        pos.Add(1, 1, 1);
        b.AddLinearObjective(0, 1);
        b.AddLinearObjective(1, 2);
        return b.Build();
    }

    // min x0 + x1  s.t. ‖x‖₂ ≤ 1. Optimum x = −(1, 1)/√2, value −√2; dual y = (√2, 1, 1) on the cone (t, x0, x1).
    internal static ConicProgram BallSocp()
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 2);
        var soc = b.AddRows("ball", ConeKind.SecondOrder, 3);
        soc.SetConstant(0, 1);
        soc.Add(1, 0, 1);
        soc.Add(2, 1, 1);
        b.AddLinearObjective(0, 1);
        b.AddLinearObjective(1, 1);
        return b.Build();
    }

    // min ½‖x‖² − x0 − 2·x1  s.t. x0 + x1 ≤ 1. The projection of (1, 2) onto the half-plane: x = (0, 1), value −1.5,
    // multiplier y = 1.
    internal static ConicProgram HalfPlaneQp()
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 2);
        var row = b.AddRows("x0+x1<=1", ConeKind.NonNegative, 1);
        row.SetConstant(0, 1);
        row.Add(0, 0, -1);
        row.Add(0, 1, -1);
        b.AddQuadraticObjective(0, 0, 1);
        b.AddQuadraticObjective(1, 1, 1);
        b.AddLinearObjective(0, -1);
        b.AddLinearObjective(1, -2);
        return b.Build();
    }

    // x0 ≥ 1 and x0 ≤ 0.
    internal static ConicProgram InfeasibleLp()
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 1);
        var rows = b.AddRows("bounds", ConeKind.NonNegative, 2);
        rows.Add(0, 0, 1);
        rows.SetConstant(0, -1);
        rows.Add(1, 0, -1);
        b.AddLinearObjective(0, 1);
        return b.Build();
    }

    // min −x0 − x1  s.t. x ≥ 0, x0 − x1 ≤ 1: the ray (1, 1) decreases the objective forever.
    internal static ConicProgram UnboundedLp()
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 2);
        var rows = b.AddRows("rows", ConeKind.NonNegative, 3);
        rows.Add(0, 0, 1);
        rows.Add(1, 1, 1);
        rows.Add(2, 0, -1);
        rows.Add(2, 1, 1);
        rows.SetConstant(2, 1);
        b.AddLinearObjective(0, -1);
        b.AddLinearObjective(1, -1);
        return b.Build();
    }

    /// <summary>
    /// A feasible, bounded random LP with box rows and one SOC of dimension n + 1 (above 32, so the cvxopt bridge
    /// takes its lifted-cone KKT path), big enough to take more than a blink.
    /// </summary>
    internal static ConicProgram RandomProgram(int n, int m, int seed)
    {
        var rng = new Random(seed);
        var b = new ConicProgramBuilder();
        b.AddVariables("x", n);
        var rows = b.AddRows("random", ConeKind.NonNegative, m);
        for (int r = 0; r < m; r++)
        {
            for (int k = 0; k < 8; k++) rows.Add(r, rng.Next(n), rng.NextDouble() * 2 - 1);
            rows.SetConstant(r, 1 + rng.NextDouble()); // x = 0 is strictly feasible
        }
        var box = b.AddRows("box", ConeKind.NonNegative, 2 * n);
        for (int j = 0; j < n; j++)
        {
            box.Add(2 * j, j, 1);
            box.SetConstant(2 * j, 10);
            box.Add(2 * j + 1, j, -1);
            box.SetConstant(2 * j + 1, 10);
        }
        var soc = b.AddRows("ball", ConeKind.SecondOrder, n + 1);
        soc.SetConstant(0, 5 * Math.Sqrt(n));
        for (int j = 0; j < n; j++) soc.Add(j + 1, j, 1);
        for (int j = 0; j < n; j++) b.AddLinearObjective(j, rng.NextDouble() * 2 - 1);
        return b.Build();
    }

    protected SolveResult SolveOptimal(ConicProgram program)
    {
        var result = Backend.Solve(program, Settings);
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Optimal), result.Message);
        var check = SolutionCheck.Compute(program, result.X.AsSpan(), result.Y.AsSpan());
        Assert.That((result.PrimalResidual, result.DualResidual, result.Gap), Is.EqualTo((check.PrimalResidual, check.DualResidual, check.Gap)),
            "the reported residuals are ConicDsl's own");
        Assert.That(check.Within(Settings.Tolerance));
        Assert.That(result.Backend, Is.EqualTo(Backend.Name));
        Assert.That(result.SolverVersion, Is.Not.Empty);
        return result;
    }

    [Test]
    public void LpWithEqualityHasKnownOptimumAndDualSigns()
    {
        var r = SolveOptimal(EqualityLp());
        Assert.That(r.PrimalObjective, Is.EqualTo(1.0).Within(1e-6));
        Assert.That(r.X, Is.EqualTo(new[] { 1.0, 0.0 }).Within(PointTolerance));
        Assert.That(r.Y, Is.EqualTo(new[] { -1.0, 0.0, 1.0 }).Within(PointTolerance),
            "y_eq = −1: the solver's equality multiplier has our sign (c + Aᵀy = 0), not the opposite one");
    }

    [Test]
    public void SocpBallHasKnownOptimumAndDual()
    {
        var r = SolveOptimal(BallSocp());
        double h = 1 / Math.Sqrt(2);
        Assert.That(r.PrimalObjective, Is.EqualTo(-Math.Sqrt(2)).Within(1e-6));
        Assert.That(r.X, Is.EqualTo(new[] { -h, -h }).Within(PointTolerance));
        Assert.That(r.Y, Is.EqualTo(new[] { Math.Sqrt(2), 1, 1 }).Within(PointTolerance));
    }

    [Test]
    public void QpProjectionHasKnownOptimum()
    {
        var r = SolveOptimal(HalfPlaneQp());
        Assert.That(r.PrimalObjective, Is.EqualTo(-1.5).Within(1e-6));
        Assert.That(r.X, Is.EqualTo(new[] { 0.0, 1.0 }).Within(PointTolerance));
        Assert.That(r.Y, Is.EqualTo(new[] { 1.0 }).Within(PointTolerance));
    }

    [Test]
    public void RandomProgramSolvesToTheCheckedTolerance()
    {
        var program = RandomProgram(40, 60, 1);
        var r = Backend.Solve(program, Settings with { Tolerance = 1e-6 });
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Optimal), r.Message);
    }

    [Test]
    public void InfeasibleLpIsCertified()
    {
        var program = InfeasibleLp();
        var r = Backend.Solve(program, Settings);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Infeasible), r.Message);
        if (ReturnsCertificates) Assert.That(r.Y.Length, Is.EqualTo(program.Constraints));
    }

    [Test]
    public void UnboundedLpIsCertified()
    {
        var program = UnboundedLp();
        var r = Backend.Solve(program, Settings);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Unbounded), r.Message);
        if (ReturnsCertificates) Assert.That(r.X[0] + r.X[1], Is.GreaterThan(0), "the ray points along (1, 1)");
    }
}
