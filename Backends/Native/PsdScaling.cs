using ConicDsl.Conic;

namespace ConicDsl.Backends.Native;

/// <summary>
/// Nesterov–Todd scaling of one PSD cone of order k (CVXOPT's <c>compute_scaling</c>). With Cholesky factors
/// S = L_sL_sᵀ, Y = L_yL_yᵀ and the SVD L_yᵀL_s = UΣVᵀ, put
/// <code>R = L_s V Σ^(−1/2),   R⁻ᵀ = L_y U Σ^(−1/2)</code>
/// (R⁻¹R = Σ^(−1/2)UᵀL_yᵀL_sVΣ^(−1/2) = I, so no triangular inverse is needed). The scaling acts on svec blocks as
/// <code>W(U) = RᵀUR,   Wᵀ(U) = RURᵀ,   W⁻¹(U) = R⁻ᵀUR⁻¹,   W⁻ᵀ(U) = R⁻¹UR⁻ᵀ,</code>
/// and then W(Y) = W⁻ᵀ(S) = Σ: the scaled point λ is the diagonal matrix of the singular values, so the Lyapunov
/// solves λ∘R = D are entrywise. RRᵀ = G is the NT point (GYG = S) and H = WᵀW acts as U ↦ GUG. W is not symmetric
/// (WᵀW is), which is why <see cref="NtScaling"/> offers the transposed applications as well.
/// Each application is one congruence AᵀUA (two k×k products) with A one of R, Rᵀ, R⁻¹, R⁻ᵀ, all kept.
/// </summary>
internal sealed class PsdScaling
{
    private double[] _r, _rt, _rinv, _rti; // R, Rᵀ, R⁻¹, R⁻ᵀ (row-major)

    public PsdScaling(int order)
    {
        Order = order;
        _r = Identity(order);
        _rt = Identity(order);
        _rinv = Identity(order);
        _rti = Identity(order);
    }

    public int Order { get; }

    private static double[] Identity(int k)
    {
        var m = new double[k * k];
        for (int i = 0; i < k; i++) m[i * k + i] = 1;
        return m;
    }

    /// <summary>Recomputes R from the svec blocks s and y and writes λ = svec(Σ) (exactly diagonal); false when S or Y
    /// is not numerically positive definite.</summary>
    public bool Update(ReadOnlySpan<double> s, ReadOnlySpan<double> y, Span<double> lambda)
    {
        int k = Order;
        var ls = PsdMath.Unpack(s, k);
        var ly = PsdMath.Unpack(y, k);
        if (!PsdMath.Cholesky(ls, k) || !PsdMath.Cholesky(ly, k)) return false;
        var b = new double[k * k];
        PsdMath.TransposeMultiply(ly, ls, b, k); // L_yᵀL_s
        var (sigma, u, v) = PsdMath.Svd(b, k);
        for (int i = 0; i < k; i++)
            if (!(sigma[i] > 0) || !double.IsFinite(sigma[i])) return false;
        // Σ^(−1/2) scales the columns of V and U.
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                double f = 1 / Math.Sqrt(sigma[j]);
                v[i * k + j] *= f;
                u[i * k + j] *= f;
            }
        var r = new double[k * k];
        var rti = new double[k * k];
        PsdMath.Multiply(ls, v, r, k);
        PsdMath.Multiply(ly, u, rti, k);
        _r = r;
        _rti = rti;
        _rt = PsdMath.Transpose(r, k);
        _rinv = PsdMath.Transpose(rti, k);
        lambda.Clear();
        for (int i = 0; i < k; i++) lambda[Svec.Index(k, i, i)] = sigma[i];
        return true;
    }

    /// <summary>r = W(v) = svec(RᵀVR). r may alias v.</summary>
    public void ApplyW(ReadOnlySpan<double> v, Span<double> r) => PsdMath.Congruence(_r, v, r, Order);

    /// <summary>r = Wᵀ(v) = svec(RVRᵀ).</summary>
    public void ApplyWTranspose(ReadOnlySpan<double> v, Span<double> r) => PsdMath.Congruence(_rt, v, r, Order);

    /// <summary>r = W⁻¹(v) = svec(R⁻ᵀVR⁻¹).</summary>
    public void ApplyWInverse(ReadOnlySpan<double> v, Span<double> r) => PsdMath.Congruence(_rinv, v, r, Order);

    /// <summary>r = W⁻ᵀ(v) = svec(R⁻¹VR⁻ᵀ).</summary>
    public void ApplyWInverseTranspose(ReadOnlySpan<double> v, Span<double> r) => PsdMath.Congruence(_rti, v, r, Order);

    /// <summary>M = R⁻ᵀR⁻¹ = G⁻¹ (row-major), the matrix with H⁻¹(U) = MUM; the identity for a null scaling (H = I,
    /// used for the starting point).</summary>
    public static double[] InverseHessianFactor(PsdScaling? scaling, int k)
    {
        if (scaling is null) return Identity(k);
        var m = new double[k * k];
        PsdMath.Multiply(scaling._rti, scaling._rinv, m, k);
        return m;
    }

    /// <summary>
    /// Column b of H⁻¹ in svec coordinates, from M = <see cref="InverseHessianFactor"/>: H⁻¹(U) = MUM has the
    /// symmetric Kronecker product M ⊗ₛ M as its svec matrix,
    /// <code>(M ⊗ₛ M)[(i,j),(p,l)] = (M_ip M_jl + M_il M_jp)·f_ij·f_pl,   f = 1/√2 on the diagonal, 1 off it,</code>
    /// so a column costs O(k²) and the q×q matrix is never stored.
    /// </summary>
    public static void HInverseColumn(ReadOnlySpan<double> m, int k, int column, Span<double> dst)
    {
        var (p, l) = SvecEntry(k, column);
        double fb = p == l ? 1 / Math.Sqrt(2) : 1;
        var mp = m.Slice(p * k, k); // M is symmetric: row p = column p
        var ml = m.Slice(l * k, k);
        int idx = 0;
        for (int j = 0; j < k; j++)
        {
            dst[idx++] = 2 * mp[j] * ml[j] * fb / Math.Sqrt(2);
            for (int i = j + 1; i < k; i++) dst[idx++] = (mp[i] * ml[j] + ml[i] * mp[j]) * fb;
        }
    }

    /// <summary>(row, column) of svec index a, row ≥ column.</summary>
    public static (int Row, int Column) SvecEntry(int k, int a)
    {
        int j = 0;
        while (a >= k - j)
        {
            a -= k - j;
            j++;
        }
        return (j + a, j);
    }

    /// <summary>The dense q×q svec matrix of H⁻¹ (row-major), built from <see cref="HInverseColumn"/>; for tests.</summary>
    public static double[] HInverseMatrix(PsdScaling? scaling, int k)
    {
        int q = ConeLayout.SvecLength(k);
        var m = InverseHessianFactor(scaling, k);
        var h = new double[q * q];
        var col = new double[q];
        for (int b = 0; b < q; b++)
        {
            HInverseColumn(m, k, b, col);
            for (int a = 0; a < q; a++) h[a * q + b] = col[a];
        }
        return h;
    }
}
