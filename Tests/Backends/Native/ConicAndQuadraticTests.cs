using NUnit.Framework;
using ConicDsl.Backends;
using MathNet.Numerics.LinearAlgebra;
using static ConicDsl.Tests.Backends.Native.NativeTestPrograms;

namespace ConicDsl.Tests.Backends.Native;

public class ConicAndQuadraticTests
{
    [Test]
    public void DistanceToBoxIsTheClampedPoint()
    {
        // min t s.t. ‖x − a‖ ≤ t, 0 ≤ x ≤ 1. Reference: the projection onto a box is the clamp,
        // so x* = clamp(a, 0, 1) and t* = ‖a − x*‖.
        double[] pa = { 1.7, -0.4, 0.3, 2.5 };
        int d = pa.Length, n = d + 1; // variables x (0..d−1), t (d)
        var a = new List<(int, int, double)>();
        var b = new List<double>();
        for (int i = 0; i < d; i++) { a.Add((b.Count, i, 1)); b.Add(1); }   // x ≤ 1
        for (int i = 0; i < d; i++) { a.Add((b.Count, i, -1)); b.Add(0); }  // x ≥ 0
        a.Add((b.Count, d, -1)); b.Add(0);                                  // s₀ = t
        for (int i = 0; i < d; i++) { a.Add((b.Count, i, -1)); b.Add(-pa[i]); } // sᵢ = xᵢ − aᵢ
        var c = new double[n];
        c[d] = 1;
        var prog = Make(n, a, b.ToArray(), c, 0, 2 * d, new[] { d + 1 });
        var r = Solve(prog);
        AssertOptimal(prog, r);
        var clamp = pa.Select(v => Math.Clamp(v, 0, 1)).ToArray();
        double dist = Math.Sqrt(pa.Zip(clamp, (u, v) => (u - v) * (u - v)).Sum());
        // t grows only quadratically (δ²/2t) in an error δ of a coordinate that is free inside the box, so a 1e-8
        // gap pins x to about √(2t·1e-8) ≈ 2e-4, while the objective itself is pinned to 1e-8.
        for (int i = 0; i < d; i++) Assert.That(r.X[i], Is.EqualTo(clamp[i]).Within(1e-3));
        Assert.That(r.PrimalObjective, Is.EqualTo(dist).Within(1e-7));
    }

    [Test]
    public void MinimumNormOnHyperplane()
    {
        // min ‖x‖ s.t. aᵀx = 1. Reference (Cauchy–Schwarz): x* = a/‖a‖², value 1/‖a‖.
        double[] pa = { 1, -2, 0.5, 3 };
        int d = pa.Length, n = d + 1;
        var a = new List<(int, int, double)>();
        var b = new List<double>();
        for (int i = 0; i < d; i++) a.Add((0, i, pa[i]));
        b.Add(1);
        a.Add((1, d, -1)); b.Add(0);
        for (int i = 0; i < d; i++) { a.Add((2 + i, i, -1)); b.Add(0); }
        var c = new double[n];
        c[d] = 1;
        var prog = Make(n, a, b.ToArray(), c, 1, 0, new[] { d + 1 });
        var r = Solve(prog);
        AssertOptimal(prog, r);
        double nn = pa.Sum(v => v * v);
        for (int i = 0; i < d; i++) Assert.That(r.X[i], Is.EqualTo(pa[i] / nn).Within(1e-6));
        Assert.That(r.PrimalObjective, Is.EqualTo(1 / Math.Sqrt(nn)).Within(1e-7));
    }

    [Test]
    public void EqualityQpMatchesDenseKktSolve()
    {
        // min ½xᵀPx + cᵀx s.t. Ex = f with P positive definite. Reference: the KKT system
        // [P Eᵀ; E 0][x; ν] = [−c; f] solved by MathNet's dense LU.
        var rng = new Random(7);
        int n = 6, k = 2;
        var m = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextDouble() - 0.5);
        var pm = m.TransposeThisAndMultiply(m) + Matrix<double>.Build.DenseIdentity(n) * 0.5;
        var e = Matrix<double>.Build.Dense(k, n, (_, _) => rng.NextDouble() - 0.5);
        var c = Vector<double>.Build.Dense(n, _ => rng.NextDouble() - 0.5);
        var f = Vector<double>.Build.Dense(k, _ => rng.NextDouble() - 0.5);

        var kkt = Matrix<double>.Build.Dense(n + k, n + k);
        kkt.SetSubMatrix(0, 0, pm);
        kkt.SetSubMatrix(0, n, e.Transpose());
        kkt.SetSubMatrix(n, 0, e);
        var rhs = Vector<double>.Build.Dense(n + k);
        rhs.SetSubVector(0, n, -c);
        rhs.SetSubVector(n, k, f);
        var reference = kkt.Solve(rhs);

        var a = new List<(int, int, double)>();
        for (int i = 0; i < k; i++)
            for (int j = 0; j < n; j++) a.Add((i, j, e[i, j]));
        var pu = new List<(int, int, double)>();
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) pu.Add((i, j, pm[i, j]));
        var prog = Make(n, a, f.ToArray(), c.ToArray(), k, 0, null, pu);
        var r = Solve(prog);
        AssertOptimal(prog, r);
        for (int i = 0; i < n; i++) Assert.That(r.X[i], Is.EqualTo(reference[i]).Within(1e-7));
        // Our dual convention Px + Aᵀy + c = 0 with A = E makes y the KKT multiplier ν.
        for (int i = 0; i < k; i++) Assert.That(r.Y[i], Is.EqualTo(reference[n + i]).Within(1e-6));
    }

    [Test]
    public void UnconstrainedQpIsNewtonStep()
    {
        // No constraint rows at all: reference x* = −P⁻¹c (MathNet dense solve).
        var rng = new Random(3);
        int n = 5;
        var m = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextDouble() - 0.5);
        var pm = m.TransposeThisAndMultiply(m) + Matrix<double>.Build.DenseIdentity(n);
        var c = Vector<double>.Build.Dense(n, _ => rng.NextDouble() - 0.5);
        var reference = pm.Solve(-c);
        var pu = new List<(int, int, double)>();
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) pu.Add((i, j, pm[i, j]));
        var prog = Make(n, Array.Empty<(int, int, double)>(), Array.Empty<double>(), c.ToArray(), 0, 0, null, pu);
        var r = Solve(prog);
        AssertOptimal(prog, r);
        for (int i = 0; i < n; i++) Assert.That(r.X[i], Is.EqualTo(reference[i]).Within(1e-7));
        Assert.That(r.PrimalObjective, Is.EqualTo(0.5 * c.DotProduct(reference)).Within(1e-9));
    }

    [Test]
    public void GroupLassoSatisfiesItsOptimalityConditions()
    {
        // min ½‖Fx − g‖² + λ Σ_G ‖x_G‖ written as a QP in x with epigraph variables t_G and cones ‖x_G‖ ≤ t_G.
        // Reference: the group-lasso subgradient conditions, evaluated here from F, g, λ only:
        // x_G ≠ 0 ⇒ ∇_G + λ x_G/‖x_G‖ = 0;  x_G = 0 ⇒ ‖∇_G‖ ≤ λ, with ∇ = Fᵀ(Fx − g).
        var rng = new Random(11);
        int groups = 5, size = 3, n = groups * size, rows = 20;
        double lambda = 0.8;
        var F = Matrix<double>.Build.Dense(rows, n, (_, _) => rng.NextDouble() * 2 - 1);
        var truth = Vector<double>.Build.Dense(n, i => i < 6 ? rng.NextDouble() * 2 - 1 : 0);
        var g = F * truth + Vector<double>.Build.Dense(rows, _ => 0.05 * (rng.NextDouble() - 0.5));
        var ftf = F.TransposeThisAndMultiply(F);
        var ftg = F.TransposeThisAndMultiply(g);

        int nv = n + groups;
        var pu = new List<(int, int, double)>();
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) pu.Add((i, j, ftf[i, j]));
        var c = new double[nv];
        for (int i = 0; i < n; i++) c[i] = -ftg[i];
        for (int k = 0; k < groups; k++) c[n + k] = lambda;
        var a = new List<(int, int, double)>();
        var b = new List<double>();
        for (int k = 0; k < groups; k++)
        {
            a.Add((b.Count, n + k, -1)); b.Add(0);
            for (int i = 0; i < size; i++) { a.Add((b.Count, k * size + i, -1)); b.Add(0); }
        }
        var prog = Make(nv, a, b.ToArray(), c, 0, 0, Enumerable.Repeat(size + 1, groups).ToArray(), pu);
        var r = Solve(prog);
        AssertOptimal(prog, r);

        var x = Vector<double>.Build.Dense(n, i => r.X[i]);
        var grad = ftf * x - ftg;
        int active = 0;
        for (int k = 0; k < groups; k++)
        {
            var xg = x.SubVector(k * size, size);
            var gg = grad.SubVector(k * size, size);
            double norm = xg.L2Norm();
            if (norm > 1e-5)
            {
                active++;
                var stat = gg + lambda * xg / norm;
                Assert.That(stat.InfinityNorm(), Is.LessThan(1e-5), $"group {k} stationarity");
            }
            else
            {
                Assert.That(gg.L2Norm(), Is.LessThanOrEqualTo(lambda + 1e-6), $"group {k} zero-group condition");
            }
        }
        Assert.That(active, Is.GreaterThan(0), "the instance should have active groups");
    }

    [Test]
    public void InfeasibleSocpGivesCheckedCertificate()
    {
        // ‖(x1, x2)‖ ≤ t, t ≤ 1, x1 ≥ 2: infeasible since x1 ≤ ‖x‖ ≤ t ≤ 1 < 2.
        // Reference: a certificate must satisfy y ∈ K*, Aᵀy = 0, bᵀy < 0; checked here by arithmetic.
        // variables x1, x2, t; rows: t ≤ 1 ; −x1 ≤ −2 ; SOC (t, x1, x2)
        var a = new (int, int, double)[] { (0, 2, 1), (1, 0, -1), (2, 2, -1), (3, 0, -1), (4, 1, -1) };
        double[] b = { 1, -2, 0, 0, 0 };
        var prog = Make(3, a, b, new double[] { 0, 0, 1 }, 0, 2, new[] { 3 });
        var r = Solve(prog);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Infeasible), r.Message);
        var y = r.Y;
        Assert.That(y[0], Is.GreaterThanOrEqualTo(0));
        Assert.That(y[1], Is.GreaterThanOrEqualTo(0));
        Assert.That(Math.Sqrt(y[3] * y[3] + y[4] * y[4]), Is.LessThanOrEqualTo(y[2] + 1e-12), "SOC part in K*");
        double[] aty = { -y[1] - y[3], -y[4], y[0] - y[2] };
        Assert.That(aty.Max(Math.Abs), Is.LessThan(1e-8));
        Assert.That(b.Zip(y, (u, v) => u * v).Sum(), Is.EqualTo(-1).Within(1e-12));
    }
}
