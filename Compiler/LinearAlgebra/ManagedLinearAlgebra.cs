using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace ConicDsl.LinearAlgebra;

/// <summary>MathNet's managed kernels: always available, the fallback when libopenblas is absent.</summary>
public sealed class ManagedLinearAlgebra : IDenseLinearAlgebra
{
    public static readonly ManagedLinearAlgebra Instance = new();

    public string Name => "managed";

    public Matrix<double> Multiply(Matrix<double> a, Matrix<double> b, bool transposeA = false) =>
        transposeA ? a.TransposeThisAndMultiply(b) : a * b;

    public void SubtractProductTransposed(int m, int n, int k, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, Span<double> c, int ldc) =>
        RowDotProducts(m, n, k, a, lda, b, ldb, c, ldc, subtract: true);

    public void ProductTransposed(int m, int n, int k, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, Span<double> c, int ldc) =>
        RowDotProducts(m, n, k, a, lda, b, ldb, c, ldc, subtract: false);

    /// <summary>c_ij = a_i·b_j, or c_ij −= a_i·b_j: rows of A and of B are contiguous, so every entry is one dot product
    /// of two contiguous runs.</summary>
    private static void RowDotProducts(int m, int n, int k, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb,
        Span<double> c, int ldc, bool subtract)
    {
        for (int i = 0; i < m; i++)
        {
            var ai = a.Slice(i * lda, k);
            for (int j = 0; j < n; j++)
            {
                var bj = b.Slice(j * ldb, k);
                double s = 0;
                for (int t = 0; t < k; t++) s += ai[t] * bj[t];
                if (subtract) c[i * ldc + j] -= s;
                else c[i * ldc + j] = s;
            }
        }
    }

    public SymmetricEigen SymmetricEigen(Matrix<double> symmetric)
    {
        var evd = SymmetricFromLower(symmetric).Evd(Symmetricity.Symmetric);
        return new SymmetricEigen(evd.EigenValues.Select(e => e.Real).ToArray(), evd.EigenVectors);
    }

    public SingularValues Svd(Matrix<double> m, bool computeVectors)
    {
        var svd = m.Svd(computeVectors);
        return computeVectors ? new SingularValues(svd.S.ToArray(), svd.U, svd.VT) : new SingularValues(svd.S.ToArray(), null, null);
    }

    public SingularValues SvdWithThinU(Matrix<double> m)
    {
        // MathNet has no economy SVD; the full one is computed and U trimmed, so the fallback costs what it always did.
        var svd = m.Svd(computeVectors: true);
        int p = Math.Min(m.RowCount, m.ColumnCount);
        return new SingularValues(svd.S.ToArray(), svd.U.SubMatrix(0, m.RowCount, 0, p), svd.VT);
    }

    public ThinQr Qr(Matrix<double> m)
    {
        var qr = m.QR(QRMethod.Thin);
        return new ThinQr(qr.Q, qr.R);
    }

    public Matrix<double>? CholeskySolve(Matrix<double> a, Matrix<double> b)
    {
        try
        {
            return SymmetricFromLower(a).Cholesky().Solve(b);
        }
        catch (ArgumentException)
        {
            // MathNet signals "not positive definite" with an ArgumentException.
            return null;
        }
    }

    // The interface promises that only the lower triangle is read, as LAPACK does with uplo = 'L'.
    private static Matrix<double> SymmetricFromLower(Matrix<double> m)
    {
        var s = m.Clone();
        for (int j = 0; j < m.ColumnCount; j++)
            for (int i = 0; i < j; i++) s[i, j] = m[j, i];
        return s;
    }
}
