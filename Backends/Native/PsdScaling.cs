using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Backends.Native;

/// <summary>
/// Nesterov–Todd scaling of one PSD cone of order k (CVXOPT's <c>compute_scaling</c>). With Cholesky factors
/// S = L_sL_sᵀ, Y = L_yL_yᵀ and the SVD L_yᵀL_s = UΣVᵀ, put
/// <code>R = L_s V Σ^(−1/2),   R⁻ᵀ = L_y U Σ^(−1/2)</code>
/// (R⁻¹R = Σ^(−1/2)UᵀL_yᵀL_sVΣ^(−1/2) = I, so no triangular inverse is needed). The scaling acts on svec blocks as
/// <code>W(U) = RᵀUR,   Wᵀ(U) = RURᵀ,   W⁻¹(U) = R⁻ᵀUR⁻¹,   W⁻ᵀ(U) = R⁻¹UR⁻ᵀ,</code>
/// and then W(Y) = W⁻ᵀ(S) = Σ: the scaled point λ is the diagonal matrix of the singular values, so the Lyapunov
/// solves λ∘R = D are entrywise. RRᵀ = G is the NT point (GYG = S). W is not symmetric (WᵀW = H is), which is
/// why <see cref="NtScaling"/> offers the transposed applications as well.
/// </summary>
internal sealed class PsdScaling
{
    private Matrix<double> _r, _rti; // R and R⁻ᵀ

    public PsdScaling(int order)
    {
        Order = order;
        _r = Matrix<double>.Build.DenseIdentity(order);
        _rti = Matrix<double>.Build.DenseIdentity(order);
    }

    public int Order { get; }

    /// <summary>Recomputes R from the svec blocks s and y and writes λ = svec(Σ) (exactly diagonal); false when S or Y
    /// is not numerically positive definite.</summary>
    public bool Update(ReadOnlySpan<double> s, ReadOnlySpan<double> y, Span<double> lambda)
    {
        int k = Order;
        var ls = PsdMath.Cholesky(PsdMath.Unpack(s, k));
        var ly = PsdMath.Cholesky(PsdMath.Unpack(y, k));
        if (ls is null || ly is null) return false;
        var svd = ly.TransposeThisAndMultiply(ls).Svd(true);
        var sigma = svd.S;
        for (int i = 0; i < k; i++)
            if (!(sigma[i] > 0) || !double.IsFinite(sigma[i])) return false;
        var isq = Matrix<double>.Build.DenseOfDiagonalVector(sigma.Map(v => 1 / Math.Sqrt(v)));
        _r = ls * svd.VT.TransposeThisAndMultiply(isq);
        _rti = ly * svd.U * isq;
        lambda.Clear();
        for (int i = 0; i < k; i++) lambda[ConicDsl.Conic.Svec.Index(k, i, i)] = sigma[i];
        return true;
    }

    /// <summary>r = W(v) = svec(RᵀVR). r may alias v.</summary>
    public void ApplyW(ReadOnlySpan<double> v, Span<double> r) =>
        PsdMath.Pack(_r.TransposeThisAndMultiply(PsdMath.Unpack(v, Order)) * _r, r);

    /// <summary>r = Wᵀ(v) = svec(RVRᵀ).</summary>
    public void ApplyWTranspose(ReadOnlySpan<double> v, Span<double> r) =>
        PsdMath.Pack((_r * PsdMath.Unpack(v, Order)).TransposeAndMultiply(_r), r);

    /// <summary>r = W⁻¹(v) = svec(R⁻ᵀVR⁻¹).</summary>
    public void ApplyWInverse(ReadOnlySpan<double> v, Span<double> r) =>
        PsdMath.Pack((_rti * PsdMath.Unpack(v, Order)).TransposeAndMultiply(_rti), r);

    /// <summary>r = W⁻ᵀ(v) = svec(R⁻¹VR⁻ᵀ).</summary>
    public void ApplyWInverseTranspose(ReadOnlySpan<double> v, Span<double> r) =>
        PsdMath.Pack(_rti.TransposeThisAndMultiply(PsdMath.Unpack(v, Order)) * _rti, r);

    /// <summary>
    /// H⁻¹ = W⁻¹W⁻ᵀ of this block as a dense q×q matrix in svec coordinates (row-major, q = k(k+1)/2):
    /// H⁻¹(U) = MUM with M = R⁻ᵀR⁻¹ = G⁻¹, whose svec matrix is the symmetric Kronecker product M ⊗ₛ M,
    /// <code>(M ⊗ₛ M)[(i,j),(p,l)] = (M_ip M_jl + M_il M_jp)·f_ij·f_pl,   f = 1/√2 on the diagonal, 1 off it.</code>
    /// A null scaling means H = I (used for the starting point).
    /// </summary>
    public static double[] HInverseMatrix(PsdScaling? scaling, int k)
    {
        int q = k * (k + 1) / 2;
        var h = new double[(long)q * q];
        var m = scaling is null ? Matrix<double>.Build.DenseIdentity(k) : scaling._rti.TransposeAndMultiply(scaling._rti);
        var ma = m.ToArray();
        var rowI = new int[q];
        var rowJ = new int[q];
        var f = new double[q];
        int idx = 0;
        for (int j = 0; j < k; j++)
            for (int i = j; i < k; i++)
            {
                rowI[idx] = i;
                rowJ[idx] = j;
                f[idx] = i == j ? 1 / Math.Sqrt(2) : 1;
                idx++;
            }
        for (int a = 0; a < q; a++)
        {
            int i = rowI[a], j = rowJ[a];
            for (int b = 0; b <= a; b++)
            {
                int p = rowI[b], l = rowJ[b];
                double v = (ma[i, p] * ma[j, l] + ma[i, l] * ma[j, p]) * f[a] * f[b];
                h[(long)a * q + b] = v;
                h[(long)b * q + a] = v;
            }
        }
        return h;
    }
}
