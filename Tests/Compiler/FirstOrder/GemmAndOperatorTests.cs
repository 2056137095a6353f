using ConicDsl.Compiler.FirstOrder;

namespace ConicDsl.Tests.Compiler.FirstOrder;

/// <summary>The managed product against a plain triple loop, and the masked operator against an explicit D_i X̃
/// construction and its own adjoint (dot-product test).</summary>
public class GemmAndOperatorTests
{
    private static double[] Random(Random rng, int length) =>
        Enumerable.Range(0, length).Select(_ => 2 * rng.NextDouble() - 1).ToArray();

    [TestCase(false, 7, 13, 5)]
    [TestCase(false, 130, 37, 11)]
    [TestCase(true, 9, 21, 5000)]
    [TestCase(true, 6, 19, 17)]
    public void ManagedProductMatchesTripleLoop(bool transpose, int m, int n, int k) =>
        AssertMatchesTripleLoop(ManagedGemm.Instance, transpose, m, n, k);

    [TestCase(false, 7, 13, 5)]
    [TestCase(false, 130, 37, 11)]
    [TestCase(true, 9, 21, 5000)]
    [TestCase(true, 6, 19, 17)]
    public void OpenBlasProductMatchesTripleLoop(bool transpose, int m, int n, int k)
    {
        var (provider, reason) = ConicDsl.LinearAlgebra.DenseLinearAlgebra.Choose(null, ConicDsl.LinearAlgebra.DenseLinearAlgebra.OpenBlasLibrary);
        if (provider is not ConicDsl.LinearAlgebra.OpenBlasLinearAlgebra blas)
        {
            Assert.Ignore($"OpenBLAS not loaded here: {reason}");
            return;
        }
        AssertMatchesTripleLoop(new OpenBlasGemm(blas), transpose, m, n, k);
    }

    private static void AssertMatchesTripleLoop(IGemm gemm, bool transpose, int m, int n, int k)
    {
        var rng = new Random(3);
        var a = Random(rng, m * k);
        var b = Random(rng, k * n);
        var c = Enumerable.Repeat(double.NaN, m * n).ToArray(); // C is overwritten, never accumulated into
        gemm.Multiply(transpose, m, n, k, a, b, c);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double expected = 0;
                for (int l = 0; l < k; l++) expected += (transpose ? a[l * m + i] : a[i * k + l]) * b[l * n + j];
                Assert.That(c[i * n + j], Is.EqualTo(expected).Within(1e-12 * (1 + Math.Abs(expected)) * k));
            }
    }

    private static GroupLassoProblem Tiny(Random rng, int n, int d, int p, bool constrained)
    {
        var masks = Enumerable.Range(0, n * p).Select(_ => (byte)(rng.NextDouble() < 0.5 ? 1 : 0)).ToArray();
        return new GroupLassoProblem(n, d, p, Random(rng, n * d), masks, Random(rng, n), 0.1, d, constrained, false);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void PredictionEqualsTheSumOfExplicitMaskedBlocks(bool constrained)
    {
        var rng = new Random(5);
        int n = 11, d = 3, p = 4;
        var problem = Tiny(rng, n, d, p, constrained);
        var op = new MaskedGroupOperator(problem, ManagedGemm.Instance);
        int blocks = problem.Blocks;
        var theta = Random(rng, d * blocks);
        var z = new double[n * blocks];
        var prediction = new double[n];
        op.Products(theta, z);
        op.Predict(z, 0.0, prediction);

        // Independent route: Σ_j c_j (D_j X̃) θ_j with D_j X̃ built as its own n×d matrix.
        var expected = new double[n];
        for (int j = 0; j < blocks; j++)
        {
            int pattern = j % p;
            double sign = j < p ? 1 : -1;
            for (int s = 0; s < n; s++)
            {
                double row = 0;
                for (int l = 0; l < d; l++)
                {
                    double dx = problem.Masks[s * p + pattern] * problem.Design[s * d + l];
                    row += dx * theta[l * blocks + j];
                }
                expected[s] += sign * row;
            }
        }
        Assert.That(prediction, Is.EqualTo(expected).Within(1e-13));
    }

    [Test]
    public void AdjointPassesTheDotProductTest()
    {
        var rng = new Random(8);
        int n = 300, d = 7, p = 9;
        var problem = Tiny(rng, n, d, p, constrained: true);
        var op = new MaskedGroupOperator(problem, ManagedGemm.Instance);
        var theta = Random(rng, d * problem.Blocks);
        var residual = Random(rng, n);
        var z = new double[n * problem.Blocks];
        var prediction = new double[n];
        op.Products(theta, z);
        op.Predict(z, 0.0, prediction);
        var weights = new double[n * problem.Blocks];
        op.SpreadResidual(residual, weights);
        var gradient = new double[d * problem.Blocks];
        op.Adjoint(weights, gradient);
        double left = prediction.Zip(residual, (a, b) => a * b).Sum();
        double right = theta.Zip(gradient, (a, b) => a * b).Sum();
        Assert.That(right, Is.EqualTo(left).Within(1e-11 * (1 + Math.Abs(left))));
    }
}
