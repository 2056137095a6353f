using System.Numerics;
using System.Runtime.InteropServices;
using ConicDsl.Conic;
using MathNet.Numerics.LinearAlgebra;
using Vector = System.Numerics.Vector;
using SimdVector = System.Numerics.Vector<double>;

namespace ConicDsl.Backends.Native;

/// <summary>
/// Jordan-algebra arithmetic on one PSD cone of order k in svec coordinates (ConeLayout's convention: lower
/// triangle column by column, off-diagonal entries ×√2, so ⟨svec U, svec V⟩ = tr(UV)). The identity is svec(I),
/// the product is U∘V = (UV + VU)/2, and the eigenvalues of u are those of the matrix U.
/// Matrices are small and dense and held as flat row-major k×k arrays; products, Cholesky and triangular solves are
/// written out here (MathNet's generic paths cost 10–20× more at k = 60), eigen- and singular value decompositions
/// come from MathNet.
/// </summary>
internal static class PsdMath
{
    private static readonly double InvSqrt2 = 1 / Math.Sqrt(2);

    /// <summary>The full symmetric matrix of an svec block, row-major into <paramref name="m"/> (length k²).</summary>
    public static void Unpack(ReadOnlySpan<double> v, int k, Span<double> m)
    {
        int idx = 0;
        for (int j = 0; j < k; j++)
        {
            m[j * k + j] = v[idx++];
            for (int i = j + 1; i < k; i++)
            {
                double e = v[idx++] * InvSqrt2;
                m[i * k + j] = e;
                m[j * k + i] = e;
            }
        }
    }

    public static double[] Unpack(ReadOnlySpan<double> v, int k)
    {
        var m = new double[k * k];
        Unpack(v, k, m);
        return m;
    }

    /// <summary>svec of the symmetric part of the row-major matrix m.</summary>
    public static void Pack(ReadOnlySpan<double> m, int k, Span<double> v)
    {
        int idx = 0;
        for (int j = 0; j < k; j++)
        {
            v[idx++] = m[j * k + j];
            for (int i = j + 1; i < k; i++) v[idx++] = InvSqrt2 * (m[i * k + j] + m[j * k + i]);
        }
    }

    /// <summary>c = a·b (row-major k×k; c must not alias a or b).</summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int k)
    {
        c[..(k * k)].Clear();
        for (int i = 0; i < k; i++)
        {
            var ci = c.Slice(i * k, k);
            for (int p = 0; p < k; p++)
            {
                double aip = a[i * k + p];
                if (aip != 0) Axpy(aip, b.Slice(p * k, k), ci);
            }
        }
    }

    /// <summary>c = aᵀ·b (row-major k×k; c must not alias a or b).</summary>
    public static void TransposeMultiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int k)
    {
        c[..(k * k)].Clear();
        for (int p = 0; p < k; p++)
        {
            var bp = b.Slice(p * k, k);
            for (int i = 0; i < k; i++)
            {
                double api = a[p * k + i];
                if (api != 0) Axpy(api, bp, c.Slice(i * k, k));
            }
        }
    }

    /// <summary>y ← y + a·x, vectorized.</summary>
    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        var vx = MemoryMarshal.Cast<double, SimdVector>(x);
        var vy = MemoryMarshal.Cast<double, SimdVector>(y);
        var va = new SimdVector(a);
        for (int t = 0; t < vx.Length; t++) vy[t] = Vector.FusedMultiplyAdd(va, vx[t], vy[t]);
        for (int t = vx.Length * SimdVector.Count; t < x.Length; t++) y[t] += a * x[t];
    }

    /// <summary>r = svec(AᵀUA) for u = svec(U) and a row-major k×k A. r may alias u.</summary>
    public static void Congruence(ReadOnlySpan<double> a, ReadOnlySpan<double> u, Span<double> r, int k)
    {
        var um = Unpack(u, k);
        var t = new double[k * k];
        Multiply(um, a, t, k);          // UA
        TransposeMultiply(a, t, um, k); // Aᵀ(UA)
        Pack(um, k, r);
    }

    /// <summary>r = svec((UV + VU)/2). r may alias u or v.</summary>
    public static void JordanProduct(ReadOnlySpan<double> u, ReadOnlySpan<double> v, Span<double> r, int k)
    {
        var uu = Unpack(u, k);
        var vv = Unpack(v, k);
        var p = new double[k * k];
        Multiply(uu, vv, p, k);
        Pack(p, k, r); // Pack symmetrizes: (P + Pᵀ)/2 = (UV + VU)/2
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
        var (l, q) = SymmetricEigen(Unpack(lambda, k), k);
        var dm = Unpack(d, k);
        var t = new double[k * k];
        Multiply(dm, q, t, k);          // DQ
        TransposeMultiply(q, t, dm, k); // QᵀDQ
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) dm[i * k + j] *= 2 / (l[i] + l[j]);
        // Back: Q R̃ Qᵀ = (Qᵀ)ᵀ R̃ Qᵀ.
        var qt = Transpose(q, k);
        Multiply(dm, qt, t, k);
        TransposeMultiply(qt, t, dm, k);
        Pack(dm, k, r);
    }

    /// <summary>v ← v + a·svec(I).</summary>
    public static void AddIdentity(Span<double> v, int k, double a)
    {
        for (int j = 0; j < k; j++) v[Svec.Index(k, j, j)] += a;
    }

    public static double MinEigenvalue(ReadOnlySpan<double> v, int k) => SymmetricEigenvalues(Unpack(v, k), k).Min();

    /// <summary>
    /// Largest α ≥ 0 with U + αD ⪰ 0 (U positive definite); +∞ when the ray never leaves the cone. With U = LLᵀ,
    /// U + αD = L(I + αL⁻¹DL⁻ᵀ)Lᵀ, so the limit is −1/λ_min(L⁻¹DL⁻ᵀ) when that eigenvalue is negative.
    /// Returns 0 when U is not numerically positive definite.
    /// </summary>
    public static double MaxStep(ReadOnlySpan<double> u, ReadOnlySpan<double> d, int k)
    {
        var l = Unpack(u, k);
        if (!Cholesky(l, k)) return 0;
        var x = Unpack(d, k);
        ForwardSolve(l, x, k);     // L⁻¹D
        x = Transpose(x, k);       // DL⁻ᵀ
        ForwardSolve(l, x, k);     // L⁻¹DL⁻ᵀ
        for (int i = 0; i < k; i++)
            for (int j = 0; j < i; j++)
                x[i * k + j] = x[j * k + i] = 0.5 * (x[i * k + j] + x[j * k + i]);
        double min = SymmetricEigenvalues(x, k).Min();
        if (double.IsNaN(min)) return 0;
        return min < 0 ? -1 / min : double.PositiveInfinity;
    }

    /// <summary>In place: the lower triangle of a becomes the Cholesky factor L (the strict upper triangle is zeroed);
    /// false when a pivot is not positive or not finite.</summary>
    public static bool Cholesky(Span<double> a, int k)
    {
        for (int j = 0; j < k; j++)
        {
            var rj = a.Slice(j * k, j);
            double d = a[j * k + j] - Dot(rj, rj);
            if (!(d > 0) || !double.IsFinite(d)) return false;
            double ljj = Math.Sqrt(d);
            a[j * k + j] = ljj;
            for (int i = j + 1; i < k; i++)
                a[i * k + j] = (a[i * k + j] - Dot(a.Slice(i * k, j), rj)) / ljj;
        }
        for (int i = 0; i < k; i++)
            for (int j = i + 1; j < k; j++) a[i * k + j] = 0;
        return true;
    }

    /// <summary>b ← L⁻¹b for lower-triangular L (row-major), b a k×k matrix.</summary>
    public static void ForwardSolve(ReadOnlySpan<double> l, Span<double> b, int k)
    {
        for (int i = 0; i < k; i++)
        {
            var bi = b.Slice(i * k, k);
            for (int p = 0; p < i; p++)
            {
                double lip = l[i * k + p];
                if (lip != 0) Axpy(-lip, b.Slice(p * k, k), bi);
            }
            double inv = 1 / l[i * k + i];
            for (int c = 0; c < k; c++) bi[c] *= inv;
        }
    }

    public static double[] Transpose(ReadOnlySpan<double> a, int k)
    {
        var t = new double[k * k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) t[j * k + i] = a[i * k + j];
        return t;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static Matrix<double> ToMatrix(double[] rowMajor, int k) => Matrix<double>.Build.DenseOfRowMajor(k, k, rowMajor);

    public static double[] SymmetricEigenvalues(double[] m, int k) =>
        ToMatrix(m, k).Evd(Symmetricity.Symmetric).EigenValues.Select(e => e.Real).ToArray();

    /// <summary>Eigenvalues and (row-major) eigenvector matrix Q, columns the eigenvectors.</summary>
    public static (double[] Values, double[] Vectors) SymmetricEigen(double[] m, int k)
    {
        var evd = ToMatrix(m, k).Evd(Symmetricity.Symmetric);
        return (evd.EigenValues.Select(e => e.Real).ToArray(), evd.EigenVectors.ToRowMajorArray());
    }

    /// <summary>SVD b = UΣVᵀ: (σ, U, V) with U, V row-major.</summary>
    public static (double[] Sigma, double[] U, double[] V) Svd(double[] b, int k)
    {
        var svd = ToMatrix(b, k).Svd(true);
        return (svd.S.ToArray(), svd.U.ToRowMajorArray(), svd.VT.Transpose().ToRowMajorArray());
    }
}
