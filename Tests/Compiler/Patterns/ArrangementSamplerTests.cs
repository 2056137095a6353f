using ConicDsl.Compiler.Patterns;
using NUnit.Framework;
using static ConicDsl.Tests.Compiler.Patterns.PatternTestData;

namespace ConicDsl.Tests.Compiler.Patterns;

[TestFixture]
public class ArrangementSamplerTests
{
    [Test]
    public void SameSeedGivesTheSameSetAndAnotherSeedUsuallyDoesNot()
    {
        // 464 regions (2(1+11+55+165)) and only 200 draws: two independent seeds almost surely hit different subsets.
        var x = Gaussian(12, 3, seed: 11, bias: true);
        var a = new ArrangementSampler(200, seed: 1).Build(x);
        var b = new ArrangementSampler(200, seed: 1).Build(x);
        var c = new ArrangementSampler(200, seed: 2).Build(x);
        Assert.That(b.Count, Is.EqualTo(a.Count));
        for (int p = 0; p < a.Count; p++)
        {
            Assert.That(b.Mask(p).ToArray(), Is.EqualTo(a.Mask(p).ToArray()));
            Assert.That(b.Witness(p).ToArray(), Is.EqualTo(a.Witness(p).ToArray()));
        }
        Assert.That(Keys(c).SetEquals(Keys(a)), Is.False);
    }

    [Test]
    public void ReportsProvenance()
    {
        var x = Gaussian(12, 3, seed: 12, bias: true);
        var set = new ArrangementSampler(500, seed: 0).Build(x);
        Assert.That(set.Source, Is.EqualTo(PatternSet.SourceSample));
        Assert.That(set.Draws, Is.EqualTo(500));
        Assert.That(set.DistinctBeforeDrop, Is.LessThanOrEqualTo(500));
        Assert.That(set.Count, Is.EqualTo(set.DistinctBeforeDrop - (set.ZeroPatternDropped ? 1 : 0)));
        Assert.That(set.Rank, Is.EqualTo(4));
        Assert.That(set.ReducedRows, Is.EqualTo(12));
        Assert.That(set.Bound, Is.EqualTo(CoverCount(12, 4)));
        Assert.That(set.Elapsed, Is.GreaterThan(TimeSpan.Zero));
        AssertSortedDistinctNonZero(set);
        AssertWitnessesRealise(set, x);
    }

    [Test]
    public void EverySampledPatternIsARegionOfTheExactSet()
    {
        // For continuous data ties have probability zero, so each gate lies inside an open region (math.md §3.3).
        var x = Gaussian(10, 2, seed: 13, bias: true);
        var sampled = new ArrangementSampler(3000, seed: 4).Build(x);
        var exact = new Z3ArrangementEnumerator().Build(x);
        var exactKeys = Keys(exact);
        Assert.That(Keys(sampled).IsSubsetOf(exactKeys), Is.True);
        // Sanity of the generator: 3000 draws over 2(1+9+36) = 92 regions of this data should find most of them.
        Assert.That(sampled.Count, Is.GreaterThan(exact.Count / 2));
        for (int p = 0; p < sampled.Count; p++)
            Assert.That(exact.IndexOf(sampled.ToArray(p)), Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void TiesCountAsActive()
    {
        // Integer data where x̃ᵀg = 0 exactly: (1,−1)·(1,1) = 0 and (0,0)·g = 0 are ties, hence active.
        var x = FromRows([1, -1], [1, 1], [-2, 0], [0, 0]);
        Assert.That(ArrangementSampler.Pattern(x, [1.0, 1.0]), Is.EqualTo(new[] { true, true, false, true }));
        Assert.That(ArrangementSampler.Pattern(x, [-1.0, -1.0]), Is.EqualTo(new[] { true, false, true, true }));
        Assert.That(ArrangementSampler.Pattern(x, [0.0, 0.0]), Is.EqualTo(new[] { true, true, true, true }));

        // The zero row is a tie for every gate, so every sampled pattern has it active.
        var set = new ArrangementSampler(100, seed: 3).Build(x);
        for (int p = 0; p < set.Count; p++) Assert.That(set.IsActive(p, 3), Is.True);
    }

    [Test]
    public void PatternsBeyondOneWordUseTheDocumentedLayout()
    {
        // 70 samples span two 64-bit words; the mask layout must agree with IsActive and ToArray.
        var x = Gaussian(70, 2, seed: 14, bias: false);
        var set = new ArrangementSampler(50, seed: 9).Build(x);
        Assert.That(set.WordsPerPattern, Is.EqualTo(2));
        for (int p = 0; p < set.Count; p++)
        {
            var mask = set.Mask(p);
            var array = set.ToArray(p);
            for (int s = 0; s < 70; s++)
            {
                bool bit = (mask[s / 64] >> (s % 64) & 1UL) != 0;
                Assert.That(bit, Is.EqualTo(array[s]));
                Assert.That(set.IsActive(p, s), Is.EqualTo(array[s]));
            }
            Assert.That(mask[1] >> 6, Is.Zero, "bits past the last sample stay zero");
            Assert.That(set.IndexOf(array), Is.EqualTo(p));
        }
        AssertWitnessesRealise(set, x);
    }
}
