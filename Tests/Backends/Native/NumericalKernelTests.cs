using NUnit.Framework;
using System.Collections.Immutable;
using ConicDsl.Backends.Native;
using ConicDsl.Conic;
using ConicDsl.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Tests.Backends.Native;

public class NumericalKernelTests
{
    private static double[] RandomInterior(Random rng, ConeLayout layout)
    {
        var v = new double[layout.Rows];
        for (int i = layout.Zero; i < layout.Zero + layout.NonNegative; i++) v[i] = 0.1 + rng.NextDouble() * 3;
        foreach (var (s, q) in layout.SecondOrderBlocks())
        {
            double norm = 0;
            for (int i = 1; i < q; i++)
            {
                v[s + i] = rng.NextDouble() * 2 - 1;
                norm += v[s + i] * v[s + i];
            }
            v[s] = Math.Sqrt(norm) + 0.01 + rng.NextDouble();
        }
        return v;
    }

    [Test]
    public void NtScalingMapsSlackAndDualToTheSamePoint()
    {
        // Defining property of the NT scaling (checked by plain arithmetic): W⁻¹s = Wy = λ, and W·W⁻¹ = I.
        var layout = new ConeLayout(2, 3, ImmutableArray.Create(4, 3, 6));
        var cones = new ConeSpace(layout);
        var rng = new Random(5);
        for (int trial = 0; trial < 20; trial++)
        {
            var s = RandomInterior(rng, layout);
            var y = RandomInterior(rng, layout);
            var w = new NtScaling(cones);
            Assert.That(w.Update(s, y), Is.True);
            var ws = new double[layout.Rows];
            w.ApplyWInverse(s, ws);
            for (int i = layout.Zero; i < layout.Rows; i++) Assert.That(ws[i], Is.EqualTo(w.Lambda[i]).Within(1e-12));
            var v = Enumerable.Range(0, layout.Rows).Select(_ => rng.NextDouble()).ToArray();
            var t = new double[layout.Rows];
            w.ApplyWInverse(v, t);
            w.ApplyW(t, t);
            for (int i = layout.Zero; i < layout.Rows; i++) Assert.That(t[i], Is.EqualTo(v[i]).Within(1e-12));
        }
    }

    [Test]
    public void JordanDivideInvertsJordanProduct()
    {
        var layout = new ConeLayout(0, 2, ImmutableArray.Create(5));
        var cones = new ConeSpace(layout);
        var rng = new Random(9);
        var lambda = RandomInterior(rng, layout);
        var d = Enumerable.Range(0, layout.Rows).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var r = new double[layout.Rows];
        var back = new double[layout.Rows];
        cones.JordanDivide(lambda, d, r);
        cones.JordanProduct(lambda, r, back);
        for (int i = 0; i < d.Length; i++) Assert.That(back[i], Is.EqualTo(d[i]).Within(1e-12));
    }

    [Test]
    public void SocMaxStepAgreesWithBisection()
    {
        // Reference: bisection on membership t ≥ ‖z‖ along the ray.
        var rng = new Random(13);
        for (int trial = 0; trial < 200; trial++)
        {
            var u = RandomInterior(rng, new ConeLayout(0, 0, ImmutableArray.Create(4)));
            var d = Enumerable.Range(0, 4).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
            double alpha = SocMath.MaxStep(u, d);
            bool Inside(double a) => u[0] + a * d[0] >= Math.Sqrt(Enumerable.Range(1, 3).Sum(i => Math.Pow(u[i] + a * d[i], 2)));
            if (double.IsPositiveInfinity(alpha))
            {
                Assert.That(Inside(1e6), Is.True);
                continue;
            }
            double lo = 0, hi = 1;
            while (Inside(hi) && hi < 1e12) hi *= 2;
            for (int k = 0; k < 200; k++)
            {
                double mid = 0.5 * (lo + hi);
                if (Inside(mid)) lo = mid; else hi = mid;
            }
            Assert.That(alpha, Is.EqualTo(lo).Within(1e-9 * (1 + lo)), $"trial {trial}");
        }
    }

    [TestCase(37, 5, false)]
    [TestCase(37, 5, true)]
    [TestCase(150, 30, false)]
    [TestCase(150, 30, true)]
    public void QuasiDefiniteLdlMatchesDenseSolve(int n, int k, bool openBlas)
    {
        // Reference: MathNet LU on the same quasi-definite matrix [M Eᵀ; E −δI] (M positive definite).
        // openBlas: the blocked path (GEMM panel updates, 64-column panels, so 180 spans three panels).
        IDenseLinearAlgebra la = ManagedLinearAlgebra.Instance;
        if (openBlas)
            la = OpenBlasLinearAlgebra.TryLoad(DenseLinearAlgebra.OpenBlasLibrary, out var why) ?? (IDenseLinearAlgebra?)null
                 ?? throw new IgnoreException(why ?? "OpenBLAS absent");
        var rng = new Random(17);
        int size = n + k;
        var g = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextDouble() - 0.5);
        var full = Matrix<double>.Build.Dense(size, size);
        full.SetSubMatrix(0, 0, g.TransposeThisAndMultiply(g) + Matrix<double>.Build.DenseIdentity(n));
        var e = Matrix<double>.Build.Dense(k, n, (_, _) => rng.NextDouble() - 0.5);
        full.SetSubMatrix(n, 0, e);
        full.SetSubMatrix(0, n, e.Transpose());
        for (int i = n; i < size; i++) full[i, i] = -1e-3;
        var ldl = new DenseLdl(size, la);
        Assert.That(ldl.Blocked, Is.EqualTo(openBlas));
        for (int i = 0; i < size; i++)
            for (int j = 0; j <= i; j++) ldl.Add(i, j, full[i, j]);
        Assert.That(ldl.Factor(n, 1e-13, 1e-7), Is.True);
        Assert.That(ldl.DynamicRegularizations, Is.EqualTo(0));
        var b = Vector<double>.Build.Dense(size, _ => rng.NextDouble());
        var reference = full.Solve(b);
        var x = b.ToArray();
        ldl.Solve(x);
        for (int i = 0; i < size; i++) Assert.That(x[i], Is.EqualTo(reference[i]).Within(1e-9));
    }
}
