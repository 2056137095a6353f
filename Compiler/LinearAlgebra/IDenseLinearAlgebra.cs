using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.LinearAlgebra;

/// <summary>
/// The dense kernels the compiler and the backends need, behind one seam so that a native BLAS/LAPACK can replace
/// MathNet's managed code where it is present (see <see cref="DenseLinearAlgebra.Current"/>). Inputs are never
/// modified. Conventions follow MathNet's so that callers can switch without rewriting: eigenvalues ascending,
/// singular values descending, full U and Vᵀ when vectors are asked for.
/// </summary>
public interface IDenseLinearAlgebra
{
    /// <summary>"openblas" or "managed", for reports and benchmarks.</summary>
    string Name { get; }

    /// <summary>op(a)·b with op(a) = aᵀ when <paramref name="transposeA"/>.</summary>
    Matrix<double> Multiply(Matrix<double> a, Matrix<double> b, bool transposeA = false);

    /// <summary>C ← C − A·Bᵀ on row-major blocks inside larger arrays: A is m×k with row stride lda, B is n×k with
    /// row stride ldb, C is m×n with row stride ldc. The kernel of blocked factorizations that work in place.</summary>
    void SubtractProductTransposed(int m, int n, int k, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, Span<double> c, int ldc);

    /// <summary>C ← A·Bᵀ, same layout as <see cref="SubtractProductTransposed"/>; C's previous contents are not read (so
    /// a scratch block need not be cleared first: the supernodal factorization's update blocks).</summary>
    void ProductTransposed(int m, int n, int k, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, Span<double> c, int ldc);

    /// <summary>Eigen-decomposition of a symmetric matrix (only the lower triangle is read).</summary>
    SymmetricEigen SymmetricEigen(Matrix<double> symmetric);

    /// <summary>m = U·diag(S)·Vᵀ; U and Vᵀ are null unless <paramref name="computeVectors"/>.</summary>
    SingularValues Svd(Matrix<double> m, bool computeVectors);

    /// <summary>Singular values with all n right singular vectors (Vᵀ is n×n, so its last rows span the null space
    /// when n &gt; m) but only the first min(m, n) left ones (U is m×min(m, n)): for a tall m×n matrix this avoids the
    /// m×m U that <see cref="Svd"/> builds.</summary>
    SingularValues SvdWithThinU(Matrix<double> m);

    /// <summary>Thin QR of an m×n matrix with m ≥ n: Q is m×n with orthonormal columns, R is n×n upper triangular.</summary>
    ThinQr Qr(Matrix<double> m);

    /// <summary>Solves a·x = b for symmetric positive definite a (lower triangle read); null when a is not
    /// numerically positive definite, so the caller chooses its own fallback.</summary>
    Matrix<double>? CholeskySolve(Matrix<double> a, Matrix<double> b);
}

/// <summary>Eigenvalues in ascending order; column i of <see cref="Vectors"/> belongs to value i.</summary>
public sealed record SymmetricEigen(double[] Values, Matrix<double> Vectors);

/// <summary>Singular values in descending order; <see cref="U"/> (m×m, or m×min(m, n) when thin) and <see cref="VT"/>
/// (n×n) when asked for.</summary>
public sealed record SingularValues(double[] S, Matrix<double>? U, Matrix<double>? VT);

public sealed record ThinQr(Matrix<double> Q, Matrix<double> R);
