using ConicDsl.Compiler.Recovery;

namespace ConicDsl.Tests.Compiler;

/// <summary>
/// math.md §10.3 pruning on tall contributions (n ≫ k), which it factors from row blocks instead of holding the n × k
/// matrix, and on wide ones (k ≫ n), where one SVD serves many eliminations. Reference values by construction: a planted dependence a_2 = a_0 + a_1 must be found, and the pruned
/// combination Σ scale_l a_l must equal Σ a_l (predictions unchanged) with the penalty Σ scale_l N_l not increased.
/// </summary>
public class NeuronPruningRowBlockTests
{
    [Test]
    public void APlantedDependenceAcrossManyRowBlocksIsPrunedWithoutChangingThePredictions()
    {
        const int n = 9000;   // several 2 048-row blocks
        var rng = new Random(3);
        var a0 = Enumerable.Range(0, n).Select(_ => Math.Max(0, rng.NextDouble() - 0.3)).ToArray();
        var a1 = Enumerable.Range(0, n).Select(_ => Math.Max(0, rng.NextDouble() - 0.6)).ToArray();
        var a3 = Enumerable.Range(0, n).Select(_ => -Math.Max(0, rng.NextDouble() - 0.5)).ToArray();
        var a2 = a0.Zip(a1, (x, y) => x + y).ToArray();
        var contributions = new[] { a0, a1, a2, a3 };
        var penalties = new[] { 1.0, 2.0, 1.5, 0.7 };
        int rowsAsked = 0, largestBlock = 0;
        var scales = NeuronPruning.Scales(n, 4, (start, count, rows) =>
        {
            rowsAsked += count;
            largestBlock = Math.Max(largestBlock, count);
            for (int r = 0; r < count; r++)
                for (int l = 0; l < 4; l++) rows[r * 4 + l] = contributions[l][start + r];
        }, penalties);

        Assert.That(rowsAsked, Is.EqualTo(n), "every row is asked for once");
        Assert.That(largestBlock, Is.LessThan(n), "the contributions are never asked for whole");
        Assert.That(scales.Count(s => s == 0), Is.GreaterThanOrEqualTo(1), "the planted dependence removes a neuron");
        Assert.That(scales[3], Is.EqualTo(1.0), "the independent neuron is untouched");
        for (int k = 0; k < n; k += 97)
        {
            double before = contributions.Sum(a => a[k]);
            double after = Enumerable.Range(0, 4).Sum(l => scales[l] * contributions[l][k]);
            Assert.That(after, Is.EqualTo(before).Within(1e-9));
        }
        Assert.That(Enumerable.Range(0, 4).Sum(l => scales[l] * penalties[l]), Is.LessThanOrEqualTo(penalties.Sum() + 1e-12));
    }

    [Test]
    public void TheListFormAndTheRowBlockFormAgree()
    {
        const int n = 5000;
        var rng = new Random(7);
        var columns = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray()).ToList();
        columns.Add(columns[0].Zip(columns[4], (x, y) => 2 * x - y).ToArray());
        var penalties = Enumerable.Range(0, 7).Select(l => 1.0 + l).ToList();
        var fromList = NeuronPruning.Scales(columns, penalties);
        var fromRows = NeuronPruning.Scales(n, 7, (start, count, rows) =>
        {
            for (int r = 0; r < count; r++)
                for (int l = 0; l < 7; l++) rows[r * 7 + l] = columns[l][start + r];
        }, penalties);
        Assert.That(fromRows, Is.EqualTo(fromList).AsCollection.Within(1e-12));
        Assert.That(fromList.Count(s => s == 0), Is.GreaterThanOrEqualTo(1));
    }

    /// <summary>Far more blocks than samples (k = 5n, as an interior-point point over thousands of sampled patterns
    /// gives), so that one SVD's null basis serves many eliminations: the pruned network must keep every prediction,
    /// not raise the penalty, and leave at most rank = n neurons (§10.3's guarantee), by construction of the data.</summary>
    [Test]
    public void ManyMoreBlocksThanSamplesShrinkToAtMostTheRankWithThePredictionsKept()
    {
        const int n = 30, k = 150;
        var rng = new Random(11);
        var columns = Enumerable.Range(0, k).Select(l => Enumerable.Range(0, n)
            .Select(_ => (l % 2 == 0 ? 1 : -1) * Math.Max(0, rng.NextDouble() - 0.4)).ToArray()).ToList();
        var penalties = Enumerable.Range(0, k).Select(_ => 0.5 + rng.NextDouble()).ToList();
        var scales = NeuronPruning.Scales(columns, penalties);

        Assert.That(scales.Count(s => s > 0), Is.LessThanOrEqualTo(n), "at most n independent contributions remain");
        for (int r = 0; r < n; r++)
        {
            double before = columns.Sum(a => a[r]);
            double after = Enumerable.Range(0, k).Sum(l => scales[l] * columns[l][r]);
            Assert.That(after, Is.EqualTo(before).Within(1e-9 * Math.Max(1, Math.Abs(before))), $"prediction of sample {r}");
        }
        Assert.That(scales, Has.All.GreaterThanOrEqualTo(0.0));
        Assert.That(Enumerable.Range(0, k).Sum(l => scales[l] * penalties[l]), Is.LessThanOrEqualTo(penalties.Sum() + 1e-9));
    }
}
