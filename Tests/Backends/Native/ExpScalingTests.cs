using ConicDsl.Backends.Native;

namespace ConicDsl.Tests.Backends.Native;

/// <summary>The exponential cone's barrier derivatives and scaling (ExpScaling), against finite differences and the
/// defining equations of the scaling.</summary>
public class ExpScalingTests
{
    private static double DualBarrier(double[] z)
    {
        double psi = z[1] - z[0] - z[0] * Math.Log(-z[2] / z[0]);
        return -Math.Log(psi) - Math.Log(-z[0]) - Math.Log(z[2]);
    }

    private static double PrimalBarrier(double[] s) =>
        -Math.Log(s[1] * Math.Log(s[2] / s[1]) - s[0]) - Math.Log(s[1]) - Math.Log(s[2]);

    private static readonly double[][] DualPoints =
    {
        new[] { -1.0, 0.5, 1.0 }, new[] { -0.3, 2.0, 0.2 }, new[] { -2.0, -1.0, 3.0 }, ExpScaling.Central,
    };

    private static readonly double[][] PrimalPoints =
    {
        new[] { -1.0, 0.5, 1.0 }, new[] { 0.3, 0.4, 2.5 }, new[] { -3.0, 2.0, 0.5 }, ExpScaling.Central,
    };

    /// <summary>Central differences of f* and of ∇f* (independent of the closed forms), and logarithmic
    /// homogeneity ∇²f*(z)z = −∇f*(z), ⟨∇f*(z), z⟩ = −3.</summary>
    [Test]
    public void DualBarrierDerivativesMatchFiniteDifferences()
    {
        foreach (var z in DualPoints)
        {
            Assert.That(ExpScaling.DualInterior(z), Is.True);
            var g = new double[3];
            ExpScaling.DualGradient(z, g);
            var h = new double[3, 3];
            ExpScaling.DualHessian(z, h);
            const double e = 1e-6;
            for (int i = 0; i < 3; i++)
            {
                var p = (double[])z.Clone();
                var m = (double[])z.Clone();
                p[i] += e;
                m[i] -= e;
                Assert.That(g[i], Is.EqualTo((DualBarrier(p) - DualBarrier(m)) / (2 * e)).Within(1e-6 * (1 + Math.Abs(g[i]))));
                var gp = new double[3];
                var gm = new double[3];
                ExpScaling.DualGradient(p, gp);
                ExpScaling.DualGradient(m, gm);
                for (int j = 0; j < 3; j++)
                    Assert.That(h[j, i], Is.EqualTo((gp[j] - gm[j]) / (2 * e)).Within(1e-5 * (1 + Math.Abs(h[j, i]))));
            }
            for (int i = 0; i < 3; i++)
                Assert.That(h[i, 0] * z[0] + h[i, 1] * z[1] + h[i, 2] * z[2], Is.EqualTo(-g[i]).Within(1e-12 * (1 + Math.Abs(g[i]))));
            Assert.That(g[0] * z[0] + g[1] * z[1] + g[2] * z[2], Is.EqualTo(-3).Within(1e-12));
        }
    }

    [Test]
    public void PrimalBarrierGradientMatchesFiniteDifferences()
    {
        foreach (var s in PrimalPoints)
        {
            Assert.That(ExpScaling.PrimalInterior(s), Is.True);
            var g = new double[3];
            ExpScaling.PrimalGradient(s, g);
            const double e = 1e-6;
            for (int i = 0; i < 3; i++)
            {
                var p = (double[])s.Clone();
                var m = (double[])s.Clone();
                p[i] += e;
                m[i] -= e;
                Assert.That(g[i], Is.EqualTo((PrimalBarrier(p) - PrimalBarrier(m)) / (2 * e)).Within(1e-6 * (1 + Math.Abs(g[i]))));
            }
            Assert.That(g[0] * s[0] + g[1] * s[1] + g[2] * s[2], Is.EqualTo(-3).Within(1e-12));
        }
    }

    /// <summary>Off the central path the scaling is the primal–dual one: H = WᵀW is positive definite and satisfies
    /// both secant equations Hz = s and H∇f(s) = ∇f*(z); W⁻¹ and W⁻ᵀ invert W and Wᵀ.</summary>
    [Test]
    public void PrimalDualScalingSatisfiesTheSecantEquations()
    {
        foreach (var s in PrimalPoints.Take(3))
            foreach (var z in DualPoints.Take(3))
            {
                var w = new ExpScaling();
                Assert.That(w.Update(s, z, 0.7), Is.True);
                double[] H(double[] v)
                {
                    var t = new double[3];
                    var r = new double[3];
                    w.ApplyW(v, t);
                    w.ApplyWTranspose(t, r);
                    return r;
                }
                Assert.That(H(z), Is.EqualTo(s).Within(1e-9 * (1 + s.Max(Math.Abs))));
                var zt = new double[3];
                var st = new double[3];
                ExpScaling.PrimalGradient(s, zt);
                ExpScaling.DualGradient(z, st);
                Assert.That(H(zt), Is.EqualTo(st).Within(1e-8 * (1 + st.Max(Math.Abs))));
                var v = new[] { 0.3, -1.1, 0.7 };
                Assert.That(v[0] * H(v)[0] + v[1] * H(v)[1] + v[2] * H(v)[2], Is.GreaterThan(0));
                var back = new double[3];
                var tmp = new double[3];
                w.ApplyW(v, tmp);
                w.ApplyWInverse(tmp, back);
                Assert.That(back, Is.EqualTo(v).Within(1e-10));
                w.ApplyWTranspose(v, tmp);
                w.ApplyWInverseTranspose(tmp, back);
                Assert.That(back, Is.EqualTo(v).Within(1e-10));
            }
    }

    /// <summary>On the central path (s = −μ∇f*(z)) the update is undefined and the dual scaling μ∇²f*(z) is used.</summary>
    [Test]
    public void OnTheCentralPathTheScalingIsTheDualHessian()
    {
        var z = DualPoints[1];
        const double mu = 0.25;
        var g = new double[3];
        ExpScaling.DualGradient(z, g);
        var s = g.Select(e => -mu * e).ToArray();
        var h = new double[3, 3];
        ExpScaling.DualHessian(z, h);
        var w = new ExpScaling();
        Assert.That(w.Update(s, z, mu), Is.True);
        for (int j = 0; j < 3; j++)
        {
            var ej = new double[3];
            ej[j] = 1;
            var t = new double[3];
            var r = new double[3];
            w.ApplyW(ej, t);
            w.ApplyWTranspose(t, r);
            for (int i = 0; i < 3; i++) Assert.That(r[i], Is.EqualTo(mu * h[i, j]).Within(1e-10 * (1 + Math.Abs(mu * h[i, j]))));
        }
    }
}
