using ConicDsl.Compiler.Architectures.Quadratic;

namespace ConicDsl.Tests.Compiler.Architectures.Quadratic;

/// <summary>The QR reduction of the squared loss: reference is ½‖Az − y‖² evaluated directly.</summary>
public class LeastSquaresReductionTests
{
    [TestCase(30, 6, 6)]
    [TestCase(12, 10, 3)]
    [TestCase(25, 8, 5)] // rank-deficient: 8 columns spanned by 5
    public void ReducedObjectiveEqualsTheFullOneAtRandomPoints(int n, int m, int rank)
    {
        var rng = new Random(n * 31 + m);
        var basis = new double[n, rank];
        var mix = new double[rank, m];
        for (int i = 0; i < n; i++) for (int r = 0; r < rank; r++) basis[i, r] = 2 * rng.NextDouble() - 1;
        for (int r = 0; r < rank; r++) for (int j = 0; j < m; j++) mix[r, j] = 2 * rng.NextDouble() - 1;
        var a = new double[n, m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) for (int r = 0; r < rank; r++) a[i, j] += basis[i, r] * mix[r, j];
        var y = Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        var (rMatrix, c, residual) = LeastSquaresReduction.Reduce(a, y);
        for (int trial = 0; trial < 5; trial++)
        {
            var z = Enumerable.Range(0, m).Select(_ => 3 * (2 * rng.NextDouble() - 1)).ToArray();
            double full = 0, reduced = residual;
            for (int i = 0; i < n; i++)
            {
                double e = -y[i];
                for (int j = 0; j < m; j++) e += a[i, j] * z[j];
                full += e * e;
            }
            for (int i = 0; i < m; i++)
            {
                double e = -c[i];
                for (int j = 0; j < m; j++) e += rMatrix[i, j] * z[j];
                reduced += e * e;
            }
            Assert.That(reduced, Is.EqualTo(full).Within(1e-12 * (1 + full)));
        }
    }
}
