using ConicDsl.Compiler.Patterns;

namespace ConicDsl.Tests.Compiler.Patterns;

/// <summary>
/// The numeric rank of tall data (n far above the old SVD's n×n limit). Reference: the rank by construction —
/// independent random columns have full rank, and a column equal to the sum of two others removes one.
/// </summary>
public class TallDataRankTests
{
    [TestCase(60_000, false, 3)]
    [TestCase(60_000, true, 2)]
    public void RankOfTallDataIsItsRankByConstruction(int n, bool dependentColumn, int expected)
    {
        var random = new Random(3);
        var x = new double[n, 3];
        for (int s = 0; s < n; s++)
        {
            x[s, 0] = random.NextDouble() - 0.5;
            x[s, 1] = random.NextDouble() - 0.5;
            x[s, 2] = dependentColumn ? x[s, 0] + x[s, 1] : random.NextDouble() - 0.5;
        }
        Assert.That(ArrangementAnalysis.ComputeNumericRank(x), Is.EqualTo(expected));
    }
}
