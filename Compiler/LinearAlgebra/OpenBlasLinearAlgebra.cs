using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.LinearAlgebra;

/// <summary>
/// GEMM and LAPACK factorizations from OpenBLAS. MathNet's dense matrices are column-major, which is LAPACK's
/// layout, so inputs are copied once (LAPACK overwrites its arguments) and results are wrapped without reordering.
/// </summary>
public sealed unsafe class OpenBlasLinearAlgebra : IDenseLinearAlgebra
{
    private readonly OpenBlasNative _f;

    private OpenBlasLinearAlgebra(OpenBlasNative f) => _f = f;

    /// <summary>Null, with the reason, when <paramref name="library"/> cannot be loaded or lacks an entry point.</summary>
    public static OpenBlasLinearAlgebra? TryLoad(string library, out string? reason)
    {
        var f = OpenBlasNative.TryLoad(library, out reason);
        return f is null ? null : new OpenBlasLinearAlgebra(f);
    }

    public string Name => "openblas";

    public Matrix<double> Multiply(Matrix<double> a, Matrix<double> b, bool transposeA = false)
    {
        int m = transposeA ? a.ColumnCount : a.RowCount, k = transposeA ? a.RowCount : a.ColumnCount;
        if (b.RowCount != k) throw new ArgumentException($"inner dimensions differ: {k} and {b.RowCount}");
        int n = b.ColumnCount;
        var c = new double[(long)m * n];
        if (m == 0 || n == 0) return Matrix<double>.Build.Dense(m, n, c);
        if (k == 0) return Matrix<double>.Build.Dense(m, n, c);
        var av = ColumnMajor(a);
        var bv = ColumnMajor(b);
        fixed (double* pa = av, pb = bv, pc = c)
            _f.Dgemm(OpenBlasNative.ColMajor, transposeA ? OpenBlasNative.Trans : OpenBlasNative.NoTrans, OpenBlasNative.NoTrans,
                m, n, k, 1.0, pa, Math.Max(1, a.RowCount), pb, Math.Max(1, k), 0.0, pc, Math.Max(1, m));
        return Matrix<double>.Build.Dense(m, n, c);
    }

    /// <summary>C = op(A)·B on row-major arrays: A is m×k, or k×m when <paramref name="transposeA"/>; B is k×n; C is
    /// m×n and overwritten. The shape of the first-order solvers' two products (X̃Θ and X̃ᵀR).</summary>
    public void MultiplyRowMajor(bool transposeA, int m, int n, int k, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c)
    {
        if (a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
            throw new ArgumentException("matrix buffers are smaller than their stated shapes");
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            c[..(m * n)].Clear();
            return;
        }
        fixed (double* pa = a, pb = b, pc = c)
            _f.Dgemm(OpenBlasNative.RowMajor, transposeA ? OpenBlasNative.Trans : OpenBlasNative.NoTrans, OpenBlasNative.NoTrans,
                m, n, k, 1.0, pa, transposeA ? m : k, pb, n, 0.0, pc, n);
    }

    public void SubtractProductTransposed(int m, int n, int k, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, Span<double> c, int ldc)
    {
        if (m == 0 || n == 0 || k == 0) return;
        // Bounds are checked here because BLAS would read or write past the spans silently.
        if (a.Length < (long)(m - 1) * lda + k || b.Length < (long)(n - 1) * ldb + k || c.Length < (long)(m - 1) * ldc + n)
            throw new ArgumentException("a block extends past its span");
        fixed (double* pa = a, pb = b, pc = c)
            _f.Dgemm(OpenBlasNative.RowMajor, OpenBlasNative.NoTrans, OpenBlasNative.Trans, m, n, k, -1.0, pa, lda, pb, ldb, 1.0, pc, ldc);
    }

    public void ProductTransposed(int m, int n, int k, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, Span<double> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        if (c.Length < (long)(m - 1) * ldc + n) throw new ArgumentException("a block extends past its span");
        if (k == 0)
        {
            for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
            return;
        }
        if (a.Length < (long)(m - 1) * lda + k || b.Length < (long)(n - 1) * ldb + k)
            throw new ArgumentException("a block extends past its span");
        fixed (double* pa = a, pb = b, pc = c)
            _f.Dgemm(OpenBlasNative.RowMajor, OpenBlasNative.NoTrans, OpenBlasNative.Trans, m, n, k, 1.0, pa, lda, pb, ldb, 0.0, pc, ldc);
    }

    public SymmetricEigen SymmetricEigen(Matrix<double> symmetric)
    {
        int n = Square(symmetric);
        var a = symmetric.ToColumnMajorArray();
        var w = new double[n];
        if (n == 0) return new SymmetricEigen(w, Matrix<double>.Build.Dense(0, 0));
        byte jobz = (byte)'V', uplo = (byte)'L';
        int lda = n, lwork = -1, liwork = -1, info = 0, iworkQuery = 0;
        double workQuery = 0;
        fixed (double* pa = a, pw = w)
        {
            _f.Dsyevd(&jobz, &uplo, &n, pa, &lda, pw, &workQuery, &lwork, &iworkQuery, &liwork, &info, 1, 1);
            Check("dsyevd", info);
            lwork = (int)workQuery;
            liwork = iworkQuery;
            var work = new double[lwork];
            var iwork = new int[liwork];
            fixed (double* pwork = work)
            fixed (int* piwork = iwork)
                _f.Dsyevd(&jobz, &uplo, &n, pa, &lda, pw, pwork, &lwork, piwork, &liwork, &info, 1, 1);
        }
        Check("dsyevd", info);
        return new SymmetricEigen(w, Matrix<double>.Build.Dense(n, n, a));
    }

    public SingularValues Svd(Matrix<double> matrix, bool computeVectors) =>
        Gesdd(matrix, computeVectors ? (byte)'A' : (byte)'N');

    // jobz 'S' on a tall matrix gives U m×n and Vᵀ n×n; on a wide one 'A' already gives U m×m = m×min(m, n).
    public SingularValues SvdWithThinU(Matrix<double> matrix) =>
        Gesdd(matrix, matrix.RowCount >= matrix.ColumnCount ? (byte)'S' : (byte)'A');

    private SingularValues Gesdd(Matrix<double> matrix, byte jobz)
    {
        int m = matrix.RowCount, n = matrix.ColumnCount, p = Math.Min(m, n);
        bool computeVectors = jobz != (byte)'N';
        int uCols = jobz == (byte)'S' ? p : m, vtRows = jobz == (byte)'S' ? p : n;
        var a = matrix.ToColumnMajorArray();
        var s = new double[p];
        if (p == 0) return new SingularValues(s, computeVectors ? Matrix<double>.Build.DenseIdentity(m, uCols) : null, computeVectors ? Identity(n) : null);
        var u = computeVectors ? new double[(long)m * uCols] : new double[1];
        var vt = computeVectors ? new double[(long)vtRows * n] : new double[1];
        var iwork = new int[8 * p];
        int lda = m, ldu = computeVectors ? m : 1, ldvt = computeVectors ? vtRows : 1, lwork = -1, info = 0;
        double workQuery = 0;
        fixed (double* pa = a, ps = s, pu = u, pvt = vt)
        fixed (int* piwork = iwork)
        {
            _f.Dgesdd(&jobz, &m, &n, pa, &lda, ps, pu, &ldu, pvt, &ldvt, &workQuery, &lwork, piwork, &info, 1);
            Check("dgesdd", info);
            lwork = (int)workQuery;
            var work = new double[lwork];
            fixed (double* pwork = work)
                _f.Dgesdd(&jobz, &m, &n, pa, &lda, ps, pu, &ldu, pvt, &ldvt, pwork, &lwork, piwork, &info, 1);
        }
        Check("dgesdd", info);
        return computeVectors
            ? new SingularValues(s, Matrix<double>.Build.Dense(m, uCols, u), Matrix<double>.Build.Dense(vtRows, n, vt))
            : new SingularValues(s, null, null);
    }

    public ThinQr Qr(Matrix<double> matrix)
    {
        int m = matrix.RowCount, n = matrix.ColumnCount;
        if (m < n) throw new ArgumentException($"thin QR needs rows ≥ columns, got {m}×{n}");
        var a = matrix.ToColumnMajorArray();
        var tau = new double[Math.Max(1, n)];
        int lda = Math.Max(1, m), lwork = -1, info = 0;
        double workQuery = 0;
        var r = Matrix<double>.Build.Dense(n, n);
        if (n == 0) return new ThinQr(Matrix<double>.Build.Dense(m, 0), r);
        fixed (double* pa = a, ptau = tau)
        {
            _f.Dgeqrf(&m, &n, pa, &lda, ptau, &workQuery, &lwork, &info);
            Check("dgeqrf", info);
            lwork = (int)workQuery;
            var work = new double[lwork];
            fixed (double* pwork = work)
                _f.Dgeqrf(&m, &n, pa, &lda, ptau, pwork, &lwork, &info);
            Check("dgeqrf", info);
            // R is the upper triangle left in a; it must be read before dorgqr overwrites a with Q.
            for (int j = 0; j < n; j++)
                for (int i = 0; i <= j; i++) r[i, j] = a[(long)j * m + i];
            lwork = -1;
            _f.Dorgqr(&m, &n, &n, pa, &lda, ptau, &workQuery, &lwork, &info);
            Check("dorgqr", info);
            lwork = (int)workQuery;
            work = new double[lwork];
            fixed (double* pwork = work)
                _f.Dorgqr(&m, &n, &n, pa, &lda, ptau, pwork, &lwork, &info);
        }
        Check("dorgqr", info);
        var q = Matrix<double>.Build.Dense(m, n, a.Length == (long)m * n ? a : a[..(m * n)]);
        return new ThinQr(q, r);
    }

    public Matrix<double>? CholeskySolve(Matrix<double> matrix, Matrix<double> rhs)
    {
        int n = Square(matrix);
        if (rhs.RowCount != n) throw new ArgumentException($"right-hand side has {rhs.RowCount} rows, expected {n}");
        var a = matrix.ToColumnMajorArray();
        var b = rhs.ToColumnMajorArray();
        int nrhs = rhs.ColumnCount, lda = Math.Max(1, n), info = 0;
        if (n == 0 || nrhs == 0) return Matrix<double>.Build.Dense(n, nrhs, b);
        byte uplo = (byte)'L';
        fixed (double* pa = a, pb = b)
        {
            _f.Dpotrf(&uplo, &n, pa, &lda, &info, 1);
            if (info > 0) return null; // leading minor of order info is not positive definite
            Check("dpotrf", info);
            _f.Dpotrs(&uplo, &n, &nrhs, pa, &lda, pb, &lda, &info, 1);
        }
        Check("dpotrs", info);
        return Matrix<double>.Build.Dense(n, nrhs, b);
    }

    private static double[] ColumnMajor(Matrix<double> m) => m.AsColumnMajorArray() ?? m.ToColumnMajorArray();

    private static Matrix<double> Identity(int n) => Matrix<double>.Build.DenseIdentity(n);

    private static int Square(Matrix<double> m) =>
        m.RowCount == m.ColumnCount ? m.RowCount : throw new ArgumentException($"expected a square matrix, got {m.RowCount}×{m.ColumnCount}");

    // A negative info is a wrong argument (a bug here); a positive one from dsyevd/dgesdd means no convergence.
    private static void Check(string routine, int info)
    {
        if (info != 0) throw new ArithmeticException($"LAPACK {routine} returned info = {info}");
    }
}
