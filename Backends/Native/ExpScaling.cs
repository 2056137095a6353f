namespace ConicDsl.Backends.Native;

/// <summary>
/// One exponential cone block (x, y, z) of the interior-point method. The cone is not symmetric, so there is no
/// Nesterov–Todd point; the block is scaled by the dual barrier's Hessian, H = μ·∇²f*(z) (dual scaling, as ECOS
/// does for its exponential cones), with the 3-self-concordant barrier of K_exp* = {(u, v, w): u &lt; 0, w &gt; 0, ψ &gt; 0}
/// <code>f*(u, v, w) = −log ψ − log(−u) − log w,   ψ = v − u − u·log(−w/u)</code>
/// On the central path s = −μ∇f*(z), and since f* is logarithmically homogeneous ∇²f*(z)z = −∇f*(z), so there
/// Hz = s, as NT scaling gives for the symmetric cones. W is a 3×3 factor with WᵀW = H (<see cref="Update"/>), so the
/// solver's W-based operations apply unchanged.
/// </summary>
internal sealed class ExpScaling
{
    /// <summary>The point where s = z = −∇f(s) = −∇f*(z) (Clarabel's unit initialization for the exponential cone).</summary>
    public static readonly double[] Central = { -1.051383945322714, 0.556409619469370, 1.258967884768947 };

    public static bool PrimalInterior(ReadOnlySpan<double> s) =>
        s[1] > 0 && s[2] > 0 && s[1] * Math.Log(s[2] / s[1]) - s[0] > 0;

    public static bool DualInterior(ReadOnlySpan<double> z) =>
        z[0] < 0 && z[2] > 0 && Psi(z) > 0;

    private static double Psi(ReadOnlySpan<double> z) => z[1] - z[0] - z[0] * Math.Log(-z[2] / z[0]);

    /// <summary>∇f*(z).</summary>
    public static void DualGradient(ReadOnlySpan<double> z, Span<double> g)
    {
        double u = z[0], w = z[2], psi = Psi(z), l = Math.Log(-w / u);
        g[0] = l / psi - 1 / u;
        g[1] = -1 / psi;
        g[2] = u / (w * psi) - 1 / w;
    }

    /// <summary>∇²f*(z) = ∇ψ∇ψᵀ/ψ² − ∇²ψ/ψ + diag(1/u², 0, 1/w²), with ∇ψ = (−log(−w/u), 1, −u/w) and
    /// ∇²ψ = [[1/u, 0, −1/w], [0, 0, 0], [−1/w, 0, u/w²]].</summary>
    public static void DualHessian(ReadOnlySpan<double> z, double[,] h)
    {
        double u = z[0], w = z[2], psi = Psi(z);
        Span<double> dpsi = stackalloc double[] { -Math.Log(-w / u), 1, -u / w };
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                h[i, j] = dpsi[i] * dpsi[j] / (psi * psi);
        h[0, 0] += -1 / (u * psi) + 1 / (u * u);
        h[0, 2] += 1 / (w * psi);
        h[2, 0] += 1 / (w * psi);
        h[2, 2] += -u / (w * w * psi) + 1 / (w * w);
    }

    /// <summary>∇f(s) of the primal barrier f(s) = −log φ − log y − log z, φ = y·log(z/y) − x.</summary>
    public static void PrimalGradient(ReadOnlySpan<double> s, Span<double> g)
    {
        double x = s[0], y = s[1], z = s[2], l = Math.Log(z / y), phi = y * l - x;
        g[0] = 1 / phi;
        g[1] = -(l - 1) / phi - 1 / y;
        g[2] = -y / (z * phi) - 1 / z;
    }

    /// <summary>f(s) + f*(z), for the neighbourhood test of the step (≥ −3·log(⟨s, z⟩/3) − 3, with equality exactly
    /// on the central ray s = −μ∇f*(z)).</summary>
    public static double BarrierSum(ReadOnlySpan<double> s, ReadOnlySpan<double> z)
    {
        double phi = s[1] * Math.Log(s[2] / s[1]) - s[0];
        return -Math.Log(phi) - Math.Log(s[1]) - Math.Log(s[2]) - Math.Log(Psi(z)) - Math.Log(-z[0]) - Math.Log(z[2]);
    }

    private readonly double[,] _w = new double[3, 3];
    private readonly double[,] _wi = new double[3, 3];

    /// <summary>
    /// The scaling H = WᵀW for the current (s, z). Primal–dual scaling (Dahl &amp; Andersen 2021, as Clarabel uses it):
    /// with s̃ = ∇f*(z), z̃ = ∇f(s), μ_k = ⟨s, z⟩/3, μ̃ = ⟨s̃, z̃⟩/3, δs = s + μ_k s̃, δz = z + μ_k z̃,
    /// <code>H = s sᵀ/⟨s, z⟩ + δs δsᵀ/⟨δs, δz⟩ + t·a aᵀ,   a = z × z̃ / ‖z × z̃‖,</code>
    /// t = μ_k·‖∇²f*(z) − s̃s̃ᵀ/3 − (μ̃s̃ − ∇²f*(z)z̃)(…)ᵀ/(z̃ᵀ∇²f*(z)z̃ − 3μ̃²)‖_F, which satisfies Hz = s and
    /// Hz̃ = s̃ exactly (a ⟂ z, z̃ and ⟨δs, z⟩ = 0 by logarithmic homogeneity). W's rows are s/√⟨s, z⟩,
    /// δs/√⟨δs, δz⟩ and √t·a, so WᵀW = H without forming H. Near the central path (μ_kμ̃ ≈ 1) the update is
    /// undefined and the dual scaling H = μ∇²f*(z) is used, factored as √μ·F with F's first row ∇ψᵀ/ψ and the
    /// Cholesky factor of the rest (sums of positive terms only, so no cancellation near the boundary).
    /// </summary>
    public bool Update(ReadOnlySpan<double> s, ReadOnlySpan<double> z, double mu)
    {
        if (!DualInterior(z) || !PrimalInterior(s) || !(mu > 0)) return false;
        Span<double> st = stackalloc double[3];
        Span<double> zt = stackalloc double[3];
        DualGradient(z, st);
        PrimalGradient(s, zt);
        double sz = s[0] * z[0] + s[1] * z[1] + s[2] * z[2];
        double muK = sz / 3, muT = (st[0] * zt[0] + st[1] * zt[1] + st[2] * zt[2]) / 3;
        Span<double> ds = stackalloc double[3];
        Span<double> dz = stackalloc double[3];
        for (int i = 0; i < 3; i++)
        {
            ds[i] = s[i] + muK * st[i];
            dz[i] = z[i] + muK * zt[i];
        }
        double dsdz = ds[0] * dz[0] + ds[1] * dz[1] + ds[2] * dz[2];
        var h = new double[3, 3];
        DualHessian(z, h);
        Span<double> hzt = stackalloc double[3];
        for (int i = 0; i < 3; i++) hzt[i] = h[i, 0] * zt[0] + h[i, 1] * zt[1] + h[i, 2] * zt[2];
        double de1 = muK * muT - 1, de2 = zt[0] * hzt[0] + zt[1] * hzt[1] + zt[2] * hzt[2] - 3 * muT * muT;
        if (Math.Abs(de1) > Math.Sqrt(2.2e-16) && Math.Abs(de2) > 2.2e-16 && sz > 0 && dsdz > 0)
        {
            double fro = 0;
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                {
                    double ti = muT * st[i] - hzt[i], tj = muT * st[j] - hzt[j];
                    double e = h[i, j] - st[i] * st[j] / 3 - ti * tj / de2;
                    fro += e * e;
                }
            double t = muK * Math.Sqrt(fro);
            double a0 = z[1] * zt[2] - z[2] * zt[1], a1 = z[2] * zt[0] - z[0] * zt[2], a2 = z[0] * zt[1] - z[1] * zt[0];
            double an = Math.Sqrt(a0 * a0 + a1 * a1 + a2 * a2);
            if (an > 0 && t > 0 && double.IsFinite(t))
            {
                double r1 = 1 / Math.Sqrt(sz), r2 = 1 / Math.Sqrt(dsdz), r3 = Math.Sqrt(t) / an;
                for (int j = 0; j < 3; j++)
                {
                    _w[0, j] = s[j] * r1;
                    _w[1, j] = ds[j] * r2;
                }
                _w[2, 0] = a0 * r3;
                _w[2, 1] = a1 * r3;
                _w[2, 2] = a2 * r3;
                if (Invert()) return true;
            }
        }
        return DualScaling(z, mu);
    }

    private bool DualScaling(ReadOnlySpan<double> z, double mu)
    {
        double u = z[0], w = z[2], psi = Psi(z);
        double m11 = 1 / (u * u) - 1 / (u * psi), m13 = 1 / (w * psi);
        double det = 1 / (u * u * w * w) - 2 / (u * w * w * psi);
        double c11 = Math.Sqrt(m11), c12 = m13 / c11, c22 = Math.Sqrt(det / m11), root = Math.Sqrt(mu);
        _w[0, 0] = root * -Math.Log(-w / u) / psi;
        _w[0, 1] = root / psi;
        _w[0, 2] = root * -u / (w * psi);
        _w[1, 0] = root * c11;
        _w[1, 1] = 0;
        _w[1, 2] = root * c12;
        _w[2, 0] = 0;
        _w[2, 1] = 0;
        _w[2, 2] = root * c22;
        return Invert();
    }

    /// <summary>W⁻¹ by Gauss–Jordan elimination with partial pivoting; false when W is singular or not finite.</summary>
    private bool Invert()
    {
        var a = new double[3, 6];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++) a[i, j] = _w[i, j];
            a[i, 3 + i] = 1;
        }
        for (int c = 0; c < 3; c++)
        {
            int p = c;
            for (int r = c + 1; r < 3; r++)
                if (Math.Abs(a[r, c]) > Math.Abs(a[p, c])) p = r;
            if (!(Math.Abs(a[p, c]) > 0) || !double.IsFinite(a[p, c])) return false;
            if (p != c)
                for (int j = 0; j < 6; j++) (a[p, j], a[c, j]) = (a[c, j], a[p, j]);
            double d = a[c, c];
            for (int j = 0; j < 6; j++) a[c, j] /= d;
            for (int r = 0; r < 3; r++)
            {
                if (r == c) continue;
                double f = a[r, c];
                if (f == 0) continue;
                for (int j = 0; j < 6; j++) a[r, j] -= f * a[c, j];
            }
        }
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                _wi[i, j] = a[i, 3 + j];
                if (!double.IsFinite(_wi[i, j])) return false;
            }
        return true;
    }

    public void ApplyW(ReadOnlySpan<double> v, Span<double> r) => Multiply(_w, false, v, r);

    public void ApplyWTranspose(ReadOnlySpan<double> v, Span<double> r) => Multiply(_w, true, v, r);

    public void ApplyWInverse(ReadOnlySpan<double> v, Span<double> r) => Multiply(_wi, false, v, r);

    public void ApplyWInverseTranspose(ReadOnlySpan<double> v, Span<double> r) => Multiply(_wi, true, v, r);

    private static void Multiply(double[,] m, bool transpose, ReadOnlySpan<double> v, Span<double> r)
    {
        double a = v[0], b = v[1], c = v[2];
        for (int i = 0; i < 3; i++)
            r[i] = transpose ? m[0, i] * a + m[1, i] * b + m[2, i] * c : m[i, 0] * a + m[i, 1] * b + m[i, 2] * c;
    }
}
