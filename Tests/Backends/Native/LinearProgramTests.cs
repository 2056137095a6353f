using NUnit.Framework;
using ConicDsl.Backends;
using static ConicDsl.Tests.Backends.Native.NativeTestPrograms;

namespace ConicDsl.Tests.Backends.Native;

public class LinearProgramTests
{
    [Test]
    public void BoxLpHasClosedFormOptimum()
    {
        // min cᵀx over −1 ≤ x ≤ 1: reference x_i = −sign(c_i), value −‖c‖₁ (separable, each term minimized alone).
        double[] c = { 3, -1.5, 0.25, -2, 7 };
        int n = c.Length;
        var a = new List<(int, int, double)>();
        var b = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            a.Add((i, i, 1)); b[i] = 1;          // x_i ≤ 1
            a.Add((n + i, i, -1)); b[n + i] = 1; // −x_i ≤ 1
        }
        var prog = Make(n, a, b, c, 0, 2 * n);
        var r = Solve(prog);
        AssertOptimal(prog, r);
        for (int i = 0; i < n; i++) Assert.That(r.X[i], Is.EqualTo(-Math.Sign(c[i])).Within(1e-6));
        Assert.That(r.PrimalObjective, Is.EqualTo(-c.Sum(Math.Abs)).Within(1e-7));
    }

    [Test]
    public void SimplexLpPicksSmallestCost()
    {
        // min cᵀx over the simplex {x ≥ 0, Σx = 1}: reference value min_i c_i attained at the vertex e_argmin.
        double[] c = { 0.5, -0.3, 2, -0.1, 1 };
        int n = c.Length;
        var a = new List<(int, int, double)>();
        var b = new double[1 + n];
        for (int i = 0; i < n; i++) a.Add((0, i, 1));
        b[0] = 1;
        for (int i = 0; i < n; i++) a.Add((1 + i, i, -1));
        var prog = Make(n, a, b, c, 1, n);
        var r = Solve(prog);
        AssertOptimal(prog, r);
        Assert.That(r.PrimalObjective, Is.EqualTo(c.Min()).Within(1e-7));
        Assert.That(r.X[1], Is.EqualTo(1).Within(1e-6));
    }

    [Test]
    public void LpOptimumIsCertifiedByHandDerivedDual()
    {
        // min −x1 − 2x2 s.t. x1 + x2 ≤ 4, x1 + 3x2 ≤ 6, x ≥ 0.
        // Reference: vertex (3, 1) with value −5; dual y = (1/2, 1/2, 0, 0) derived by hand from the two active rows.
        var a = new (int, int, double)[] { (0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 3), (2, 0, -1), (3, 1, -1) };
        double[] b = { 4, 6, 0, 0 };
        double[] c = { -1, -2 };
        var prog = Make(2, a, b, c, 0, 4);

        // The certificate, checked by arithmetic: y ≥ 0, Aᵀy + c = 0, and bᵀy equals −(primal value at (3,1)),
        // so weak duality makes −5 optimal.
        double[] yc = { 0.5, 0.5, 0, 0 };
        Assert.That(yc[0] * 1 + yc[1] * 1 - yc[2] + c[0], Is.EqualTo(0));
        Assert.That(yc[0] * 1 + yc[1] * 3 - yc[3] + c[1], Is.EqualTo(0));
        Assert.That(-(b[0] * yc[0] + b[1] * yc[1]), Is.EqualTo(-1 * 3 + -2 * 1));

        var r = Solve(prog);
        AssertOptimal(prog, r);
        Assert.That(r.PrimalObjective, Is.EqualTo(-5).Within(1e-7));
        Assert.That(r.X[0], Is.EqualTo(3).Within(1e-6));
        Assert.That(r.X[1], Is.EqualTo(1).Within(1e-6));
        // The solver's own dual, checked the same way: stationarity and complementary slackness by hand.
        var y = r.Y;
        Assert.That(y.All(v => v >= -1e-9), Is.True, "y ≥ 0");
        Assert.That(y[0] + y[1] - y[2] + c[0], Is.EqualTo(0).Within(1e-7));
        Assert.That(y[0] + 3 * y[1] - y[3] + c[1], Is.EqualTo(0).Within(1e-7));
        double[] slack = { 4 - r.X[0] - r.X[1], 6 - r.X[0] - 3 * r.X[1], r.X[0], r.X[1] };
        for (int i = 0; i < 4; i++) Assert.That(y[i] * slack[i], Is.EqualTo(0).Within(1e-7), $"complementarity row {i}");
        Assert.That(y[0], Is.EqualTo(0.5).Within(1e-6));
        Assert.That(y[1], Is.EqualTo(0.5).Within(1e-6));
    }

    [Test]
    public void InfeasibleLpGivesCheckedCertificate()
    {
        // x ≥ 1 and x ≤ 0: reference certificate y = (1, 1)·t (adding the rows gives 0 ≤ −1).
        var a = new (int, int, double)[] { (0, 0, -1), (1, 0, 1) };
        double[] b = { -1, 0 };
        var prog = Make(1, a, b, new double[] { 1 }, 0, 2);
        var r = Solve(prog);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Infeasible), r.Message);
        var y = r.Y;
        Assert.That(y.All(v => v >= 0), Is.True);
        Assert.That(b[0] * y[0] + b[1] * y[1], Is.EqualTo(-1).Within(1e-12));
        Assert.That(Math.Abs(-y[0] + y[1]), Is.LessThan(1e-8));
    }

    [Test]
    public void UnboundedLpGivesCheckedDirection()
    {
        // min −x1 s.t. x ≥ 0, x2 ≤ 1: reference direction (1, 0) with cᵀd = −1 and −Ad ∈ K.
        var a = new (int, int, double)[] { (0, 0, -1), (1, 1, -1), (2, 1, 1) };
        double[] b = { 0, 0, 1 };
        var prog = Make(2, a, b, new double[] { -1, 0 }, 0, 3);
        var r = Solve(prog);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Unbounded), r.Message);
        var d = r.X;
        Assert.That(-d[0], Is.EqualTo(-1).Within(1e-12), "cᵀd = −1");
        Assert.That(d[0], Is.GreaterThanOrEqualTo(-1e-8));
        Assert.That(d[1], Is.GreaterThanOrEqualTo(-1e-8));
        Assert.That(d[1], Is.LessThanOrEqualTo(1e-8));
    }

    [Test]
    public void IterationLimitIsReported()
    {
        double[] c = { 3, -1.5, 0.25 };
        var a = new List<(int, int, double)>();
        var b = new double[6];
        for (int i = 0; i < 3; i++)
        {
            a.Add((i, i, 1)); b[i] = 1;
            a.Add((3 + i, i, -1)); b[3 + i] = 1;
        }
        var prog = Make(3, a, b, c, 0, 6);
        var r = Solve(prog, maxIters: 2);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.IterationLimit), r.Message);
        Assert.That(r.Iterations, Is.EqualTo(2));
        Assert.That(r.X.Length, Is.EqualTo(3), "best iterate returned");
    }

    [Test]
    public void RedundantEqualityRowsAreHandled()
    {
        // Simplex LP with its equality row repeated and a third row equal to twice the first (rank 1 of 3).
        // Reference: the rows do not change the feasible set, so the value is min_i c_i as in the plain simplex.
        double[] c = { 0.5, -0.3, 2, -0.1 };
        int n = c.Length;
        var a = new List<(int, int, double)>();
        var b = new double[3 + n];
        for (int i = 0; i < n; i++)
        {
            a.Add((0, i, 1));
            a.Add((1, i, 1));
            a.Add((2, i, 2));
        }
        b[0] = 1; b[1] = 1; b[2] = 2;
        for (int i = 0; i < n; i++) a.Add((3 + i, i, -1));
        var prog = Make(n, a, b, c, 3, n);
        var r = Solve(prog);
        AssertOptimal(prog, r);
        Assert.That(r.PrimalObjective, Is.EqualTo(-0.3).Within(1e-7));
    }
}
