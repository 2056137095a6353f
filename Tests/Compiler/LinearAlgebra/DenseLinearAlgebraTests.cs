using ConicDsl.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Tests.Compiler.LinearAlgebra;

/// <summary>
/// OpenBLAS against MathNet's managed kernels on seeded random matrices. The reference is independent twice over:
/// a second implementation (MathNet) for the values, and the defining identities (A = QΛQᵀ, A = UΣVᵀ, A = QR,
/// A·x = b, orthonormality) for the factors, which are unique only up to signs.
/// </summary>
public class DenseLinearAlgebraTests
{
    private const double Tol = 1e-9;

    private static IEnumerable<IDenseLinearAlgebra> Providers()
    {
        yield return ManagedLinearAlgebra.Instance;
        var native = OpenBlasLinearAlgebra.TryLoad(DenseLinearAlgebra.OpenBlasLibrary, out _);
        if (native is not null) yield return native;
    }

    private static Matrix<double> Random(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        return Matrix<double>.Build.Dense(rows, cols, (_, _) => rng.NextDouble() * 2 - 1);
    }

    private static OpenBlasLinearAlgebra OpenBlasOrIgnore()
    {
        var native = OpenBlasLinearAlgebra.TryLoad(DenseLinearAlgebra.OpenBlasLibrary, out var reason);
        if (native is null) Assert.Ignore(reason ?? "OpenBLAS absent");
        return native!;
    }

    [TestCase(37, 23, 11)]
    [TestCase(1, 5, 1)]
    [TestCase(64, 64, 64)]
    public void Gemm_agrees_with_managed(int m, int k, int n)
    {
        var blas = OpenBlasOrIgnore();
        var a = Random(m, k, 1);
        var b = Random(k, n, 2);
        Assert.That((blas.Multiply(a, b) - a * b).InfinityNorm(), Is.LessThan(Tol));
        var at = a.Transpose();
        Assert.That((blas.Multiply(at, b, transposeA: true) - a * b).InfinityNorm(), Is.LessThan(Tol));
    }

    [Test]
    public void Subtract_product_transposed_works_on_blocks_inside_larger_arrays()
    {
        // A 5×3 block at offset 2 of rows of stride 7, B 4×3 of stride 3, C 5×4 at offset 1 of stride 6.
        var rng = new Random(10);
        var a = Enumerable.Range(0, 2 + 4 * 7 + 3).Select(_ => rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 12).Select(_ => rng.NextDouble()).ToArray();
        var c0 = Enumerable.Range(0, 1 + 4 * 6 + 4).Select(_ => rng.NextDouble()).ToArray();
        var expected = (double[])c0.Clone();
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 4; j++)
                for (int t = 0; t < 3; t++) expected[1 + i * 6 + j] -= a[2 + i * 7 + t] * b[j * 3 + t];
        foreach (var p in Providers())
        {
            var c = (double[])c0.Clone();
            p.SubtractProductTransposed(5, 4, 3, a.AsSpan(2), 7, b, 3, c.AsSpan(1), 6);
            Assert.That(c, Is.EqualTo(expected).Within(1e-12), p.Name);
        }
    }

    [Test]
    public void Product_transposed_overwrites_a_block_and_leaves_the_rest()
    {
        // Same layout as above; C starts as NaN inside the block (never read) and 7 outside it (never written).
        var rng = new Random(11);
        var a = Enumerable.Range(0, 2 + 4 * 7 + 3).Select(_ => rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 12).Select(_ => rng.NextDouble()).ToArray();
        var expected = Enumerable.Repeat(7.0, 1 + 4 * 6 + 4).ToArray();
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 4; j++)
            {
                expected[1 + i * 6 + j] = 0;
                for (int t = 0; t < 3; t++) expected[1 + i * 6 + j] += a[2 + i * 7 + t] * b[j * 3 + t];
            }
        foreach (var p in Providers())
        {
            var c = Enumerable.Repeat(7.0, expected.Length).ToArray();
            for (int i = 0; i < 5; i++)
                for (int j = 0; j < 4; j++) c[1 + i * 6 + j] = double.NaN;
            p.ProductTransposed(5, 4, 3, a.AsSpan(2), 7, b, 3, c.AsSpan(1), 6);
            Assert.That(c, Is.EqualTo(expected).Within(1e-12), p.Name);
        }
    }

    [Test]
    public void Symmetric_eigen_values_agree_and_vectors_reconstruct([Values(1, 7, 40)] int n)
    {
        var r = Random(n, n, 3);
        var a = r + r.Transpose();
        var reference = ManagedLinearAlgebra.Instance.SymmetricEigen(a).Values;
        foreach (var p in Providers())
        {
            var e = p.SymmetricEigen(a);
            Assert.That(Vector<double>.Build.DenseOfArray(e.Values).Subtract(Vector<double>.Build.DenseOfArray(reference)).InfinityNorm(), Is.LessThan(Tol), p.Name);
            var q = e.Vectors;
            var back = q * Matrix<double>.Build.DenseOfDiagonalArray(e.Values) * q.Transpose();
            Assert.That((back - a).InfinityNorm(), Is.LessThan(Tol), p.Name);
            Assert.That((q.TransposeThisAndMultiply(q) - Matrix<double>.Build.DenseIdentity(n)).InfinityNorm(), Is.LessThan(Tol), p.Name);
        }
    }

    [Test]
    public void Eigen_reads_only_the_lower_triangle()
    {
        var r = Random(6, 6, 4);
        var symmetric = r + r.Transpose();
        var lowerOnly = symmetric.Clone();
        for (int j = 1; j < 6; j++)
            for (int i = 0; i < j; i++) lowerOnly[i, j] = 99;
        foreach (var p in Providers())
            Assert.That(p.SymmetricEigen(lowerOnly).Values, Is.EqualTo(p.SymmetricEigen(symmetric).Values).Within(Tol), p.Name);
    }

    [TestCase(30, 12)]
    [TestCase(12, 30)]
    [TestCase(20, 20)]
    public void Svd_values_agree_and_factors_reconstruct(int m, int n)
    {
        var a = Random(m, n, 5);
        var reference = ManagedLinearAlgebra.Instance.Svd(a, computeVectors: false).S;
        foreach (var p in Providers())
        {
            Assert.That(p.Svd(a, computeVectors: false).S, Is.EqualTo(reference).Within(Tol), p.Name);
            var svd = p.Svd(a, computeVectors: true);
            Assert.That(svd.U!.RowCount, Is.EqualTo(m), p.Name);
            Assert.That(svd.VT!.RowCount, Is.EqualTo(n), p.Name);
            var sigma = Matrix<double>.Build.Dense(m, n);
            for (int i = 0; i < svd.S.Length; i++) sigma[i, i] = svd.S[i];
            Assert.That((svd.U * sigma * svd.VT - a).InfinityNorm(), Is.LessThan(Tol), p.Name);
            Assert.That((svd.U.TransposeThisAndMultiply(svd.U) - Matrix<double>.Build.DenseIdentity(m)).InfinityNorm(), Is.LessThan(Tol), p.Name);
        }
    }

    [TestCase(40, 7)]
    [TestCase(7, 40)]
    public void Svd_with_thin_u_has_full_right_vectors_and_reconstructs(int m, int n)
    {
        var a = Random(m, n, 9);
        int p = Math.Min(m, n);
        foreach (var provider in Providers())
        {
            var svd = provider.SvdWithThinU(a);
            Assert.That((svd.U!.RowCount, svd.U.ColumnCount), Is.EqualTo((m, p)), provider.Name);
            Assert.That((svd.VT!.RowCount, svd.VT.ColumnCount), Is.EqualTo((n, n)), provider.Name);
            var back = svd.U * Matrix<double>.Build.DenseOfDiagonalArray(svd.S) * svd.VT.SubMatrix(0, p, 0, n);
            Assert.That((back - a).InfinityNorm(), Is.LessThan(Tol), provider.Name);
            Assert.That((svd.VT * svd.VT.Transpose() - Matrix<double>.Build.DenseIdentity(n)).InfinityNorm(), Is.LessThan(Tol), provider.Name);
            // The rows of Vᵀ past rank(a) = min(m, n) span the null space.
            if (n > m) Assert.That((a * svd.VT.Row(n - 1)).InfinityNorm(), Is.LessThan(Tol), provider.Name);
        }
    }

    [Test]
    public void Thin_qr_reconstructs_with_orthonormal_q_and_upper_r()
    {
        var a = Random(25, 9, 6);
        foreach (var p in Providers())
        {
            var qr = p.Qr(a);
            Assert.That(qr.Q.RowCount, Is.EqualTo(25));
            Assert.That(qr.Q.ColumnCount, Is.EqualTo(9));
            Assert.That((qr.Q * qr.R - a).InfinityNorm(), Is.LessThan(Tol), p.Name);
            Assert.That((qr.Q.TransposeThisAndMultiply(qr.Q) - Matrix<double>.Build.DenseIdentity(9)).InfinityNorm(), Is.LessThan(Tol), p.Name);
            for (int j = 0; j < 9; j++)
                for (int i = j + 1; i < 9; i++) Assert.That(qr.R[i, j], Is.EqualTo(0), p.Name);
        }
    }

    [Test]
    public void Cholesky_solves_positive_definite_systems_and_refuses_indefinite_ones()
    {
        var r = Random(15, 15, 7);
        var spd = r.TransposeThisAndMultiply(r) + Matrix<double>.Build.DenseIdentity(15);
        var b = Random(15, 3, 8);
        var indefinite = Matrix<double>.Build.DenseOfDiagonalArray([1.0, -1.0, 2.0]);
        foreach (var p in Providers())
        {
            var x = p.CholeskySolve(spd, b);
            Assert.That(x, Is.Not.Null, p.Name);
            Assert.That((spd * x! - b).InfinityNorm(), Is.LessThan(Tol), p.Name);
            Assert.That(p.CholeskySolve(indefinite, Matrix<double>.Build.Dense(3, 1, 1.0)), Is.Null, p.Name);
        }
    }

    [Test]
    public void Forcing_managed_selects_the_managed_provider()
    {
        var (provider, reason) = DenseLinearAlgebra.Choose("managed", DenseLinearAlgebra.OpenBlasLibrary);
        Assert.That(provider, Is.SameAs(ManagedLinearAlgebra.Instance));
        Assert.That(reason, Does.Contain(DenseLinearAlgebra.ForceVariable));
    }

    [Test]
    public void An_absent_library_falls_back_to_managed_with_a_reason()
    {
        var (provider, reason) = DenseLinearAlgebra.Choose(null, "libdoes-not-exist-conicdsl.so.0");
        Assert.That(provider, Is.SameAs(ManagedLinearAlgebra.Instance));
        Assert.That(reason, Does.Contain("libdoes-not-exist-conicdsl.so.0"));
    }

    [Test]
    public void Present_library_is_selected_unless_forced()
    {
        OpenBlasOrIgnore();
        var (provider, reason) = DenseLinearAlgebra.Choose(null, DenseLinearAlgebra.OpenBlasLibrary);
        Assert.That(provider.Name, Is.EqualTo("openblas"));
        Assert.That(reason, Is.Null);
    }
}
