using ConicDsl.Conic;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Backends.Native;

/// <summary>
/// Jordan-algebra arithmetic on one PSD cone of order k in svec coordinates (ConeLayout's convention: lower
/// triangle column by column, off-diagonal entries ×√2, so ⟨svec U, svec V⟩ = tr(UV)). The identity is svec(I),
/// the product is U∘V = (UV + VU)/2, and the eigenvalues of u are those of the matrix U. Matrices are small and
/// dense (k is at most a few hundred), so MathNet's dense routines do the work.
/// </summary>
internal static class PsdMath
{
    private static readonly double Sqrt2 = Math.Sqrt(2);
    private static readonly double InvSqrt2 = 1 / Math.Sqrt(2);

    /// <summary>The symmetric matrix of an svec block.</summary>
    public static Matrix<double> Unpack(ReadOnlySpan<double> v, int k)
    {
        var m = Matrix<double>.Build.Dense(k, k);
        int idx = 0;
        for (int j = 0; j < k; j++)
        {
            m[j, j] = v[idx++];
            for (int i = j + 1; i < k; i++)
            {
                double e = v[idx++] * InvSqrt2;
                m[i, j] = e;
                m[j, i] = e;
            }
        }
        return m;
    }

    /// <summary>svec of the symmetric part of m.</summary>
    public static void Pack(Matrix<double> m, Span<double> v)
    {
        int k = m.RowCount, idx = 0;
        for (int j = 0; j < k; j++)
        {
            v[idx++] = m[j, j];
            for (int i = j + 1; i < k; i++) v[idx++] = InvSqrt2 * (m[i, j] + m[j, i]);
        }
    }

    /// <summary>r = svec((UV + VU)/2). r may alias u or v.</summary>
    public static void JordanProduct(ReadOnlySpan<double> u, ReadOnlySpan<double> v, Span<double> r, int k)
    {
        var uu = Unpack(u, k);
        var vv = Unpack(v, k);
        var p = uu * vv;
        Pack(p, r); // Pack symmetrizes: (P + Pᵀ)/2 = (UV + VU)/2
    }

    /// <summary>True when the off-diagonal entries of the svec block are exactly zero (the NT λ is built so).</summary>
    public static bool IsDiagonal(ReadOnlySpan<double> v, int k)
    {
        int idx = 0;
        for (int j = 0; j < k; j++)
        {
            idx++;
            for (int i = j + 1; i < k; i++)
                if (v[idx++] != 0) return false;
        }
        return true;
    }

    /// <summary>
    /// Solves the Lyapunov equation λ∘R = D, i.e. (ΛR + RΛ)/2 = D, for R (λ positive definite). In λ's eigenbasis
    /// Λ = Q diag(l) Qᵀ the equation decouples: R̃_ij = 2D̃_ij/(l_i + l_j) with D̃ = QᵀDQ. The NT scaled point is
    /// diagonal, where Q = I and the division is entrywise in svec coordinates. r may alias d.
    /// </summary>
    public static void JordanDivide(ReadOnlySpan<double> lambda, ReadOnlySpan<double> d, Span<double> r, int k)
    {
        if (IsDiagonal(lambda, k))
        {
            int idx = 0;
            for (int j = 0; j < k; j++)
            {
                double lj = lambda[idx];
                r[idx] = d[idx] / lj;
                idx++;
                for (int i = j + 1; i < k; i++)
                {
                    double li = lambda[Svec.Index(k, i, i)];
                    r[idx] = 2 * d[idx] / (li + lj);
                    idx++;
                }
            }
            return;
        }
        var evd = Unpack(lambda, k).Evd(Symmetricity.Symmetric);
        var q = evd.EigenVectors;
        var l = evd.EigenValues.Map(c => c.Real);
        var dt = q.TransposeThisAndMultiply(Unpack(d, k)) * q;
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) dt[i, j] *= 2 / (l[i] + l[j]);
        Pack(q * dt.TransposeAndMultiply(q), r);
    }

    /// <summary>v ← v + a·svec(I).</summary>
    public static void AddIdentity(Span<double> v, int k, double a)
    {
        for (int j = 0; j < k; j++) v[Svec.Index(k, j, j)] += a;
    }

    public static double MinEigenvalue(ReadOnlySpan<double> v, int k)
    {
        var evd = Unpack(v, k).Evd(Symmetricity.Symmetric);
        double m = double.PositiveInfinity;
        foreach (var e in evd.EigenValues) m = Math.Min(m, e.Real);
        return m;
    }

    /// <summary>
    /// Largest α ≥ 0 with U + αD ⪰ 0 (U positive definite); +∞ when the ray never leaves the cone. With U = LLᵀ,
    /// U + αD = L(I + αL⁻¹DL⁻ᵀ)Lᵀ, so the limit is −1/λ_min(L⁻¹DL⁻ᵀ) when that eigenvalue is negative.
    /// Returns 0 when U is not numerically positive definite.
    /// </summary>
    public static double MaxStep(ReadOnlySpan<double> u, ReadOnlySpan<double> d, int k)
    {
        var l = Cholesky(Unpack(u, k));
        if (l is null) return 0;
        var x = ForwardSolve(l, Unpack(d, k));    // L⁻¹D
        var m = ForwardSolve(l, x.Transpose());   // L⁻¹(L⁻¹D)ᵀ = L⁻¹DL⁻ᵀ
        var sym = 0.5 * (m + m.Transpose());
        double min = double.PositiveInfinity;
        foreach (var e in sym.Evd(Symmetricity.Symmetric).EigenValues) min = Math.Min(min, e.Real);
        if (double.IsNaN(min)) return 0;
        return min < 0 ? -1 / min : double.PositiveInfinity;
    }

    /// <summary>Lower Cholesky factor of a symmetric matrix, or null when a pivot is not positive (or not finite).</summary>
    public static Matrix<double>? Cholesky(Matrix<double> a)
    {
        int n = a.RowCount;
        var l = Matrix<double>.Build.Dense(n, n);
        for (int j = 0; j < n; j++)
        {
            double d = a[j, j];
            for (int p = 0; p < j; p++) d -= l[j, p] * l[j, p];
            if (!(d > 0) || !double.IsFinite(d)) return null;
            double ljj = Math.Sqrt(d);
            l[j, j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[i, j];
                for (int p = 0; p < j; p++) s -= l[i, p] * l[j, p];
                l[i, j] = s / ljj;
            }
        }
        return l;
    }

    /// <summary>L⁻¹B for lower-triangular L.</summary>
    public static Matrix<double> ForwardSolve(Matrix<double> l, Matrix<double> b)
    {
        int n = l.RowCount;
        var x = b.Clone();
        for (int c = 0; c < x.ColumnCount; c++)
            for (int i = 0; i < n; i++)
            {
                double s = x[i, c];
                for (int p = 0; p < i; p++) s -= l[i, p] * x[p, c];
                x[i, c] = s / l[i, i];
            }
        return x;
    }
}
