using ConicDsl.Compiler.Architectures.Quadratic;

namespace ConicDsl.Tests.Compiler.Architectures.Quadratic;

/// <summary>math.md §8.3 on random inputs: the reference is the definition (Σ z zᵀ = Z, every zᵀGz = 0, at most
/// rank Z terms), checked entrywise.</summary>
public class NeuralDecompositionTests
{
    /// <summary>Random Z = BBᵀ of the given rank, with B's last row rescaled so that tr Z_{1:d} = Z_{d+1,d+1}.</summary>
    private static double[,] RandomGNullTraceMatrix(Random rng, int order, int rank)
    {
        var basis = new double[order, rank];
        for (int i = 0; i < order; i++)
            for (int r = 0; r < rank; r++)
                basis[i, r] = 2 * rng.NextDouble() - 1;
        double top = 0, last = 0;
        for (int r = 0; r < rank; r++)
        {
            for (int i = 0; i < order - 1; i++) top += basis[i, r] * basis[i, r];
            last += basis[order - 1, r] * basis[order - 1, r];
        }
        double scale = Math.Sqrt(top / last);
        for (int r = 0; r < rank; r++) basis[order - 1, r] *= scale;
        var z = new double[order, order];
        for (int i = 0; i < order; i++)
            for (int j = 0; j < order; j++)
                for (int r = 0; r < rank; r++)
                    z[i, j] += basis[i, r] * basis[j, r];
        return z;
    }

    [TestCase(3, 1, 1)]
    [TestCase(3, 3, 2)]
    [TestCase(4, 2, 3)]
    [TestCase(5, 5, 4)]
    [TestCase(7, 4, 5)]
    public void FactorsAreGNullAndSumToZ(int order, int rank, int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 20; trial++)
        {
            var z = RandomGNullTraceMatrix(rng, order, rank);
            var factors = NeuralDecomposition.Decompose(z, 1e-12);
            Assert.That(factors, Has.Count.LessThanOrEqualTo(rank), "no more terms than the rank");
            double scale = 0;
            foreach (var e in z) scale = Math.Max(scale, Math.Abs(e));
            foreach (var f in factors)
                Assert.That(Math.Abs(NeuralDecomposition.GForm(f)), Is.LessThanOrEqualTo(1e-9 * f.Sum(e => e * e)), "G-null");
            for (int i = 0; i < order; i++)
                for (int j = 0; j < order; j++)
                    Assert.That(factors.Sum(f => f[i] * f[j]), Is.EqualTo(z[i, j]).Within(1e-10 * scale), $"entry ({i},{j})");
        }
    }

    [Test]
    public void EachFactorIsAUnitNormNeuron()
    {
        // zᵀGz = 0 means ‖w‖ = |ζ|: u = w/ζ has norm 1 and ⟨[u;1][u;1]ᵀ, ζ²⟩ gives back z zᵀ.
        var z = RandomGNullTraceMatrix(new Random(9), 4, 3);
        foreach (var f in NeuralDecomposition.Decompose(z, 1e-12))
        {
            var u = f[..^1].Select(e => e / f[^1]).ToArray();
            Assert.That(Math.Sqrt(u.Sum(e => e * e)), Is.EqualTo(1).Within(1e-9));
        }
    }

    [Test]
    public void ZeroMatrixHasNoFactors() =>
        Assert.That(NeuralDecomposition.Decompose(new double[3, 3], 1e-12), Is.Empty);
}
