using System.Numerics;
using ConicDsl.Compiler.Patterns;
using NUnit.Framework;
using static ConicDsl.Tests.Compiler.Patterns.PatternTestData;

namespace ConicDsl.Tests.Compiler.Patterns;

/// <summary>Both exact enumerators against the same independent references (closed forms, the verify script).</summary>
[TestFixture(ExactEnumerator.Z3)]
[TestFixture(ExactEnumerator.Certified)]
public class ExactEnumerationTests(ExactEnumerator kind)
{
    private PatternSet Exact(double[,] x, long limit = ArrangementAnalysis.DefaultLimit) =>
        ExactEnumerators.Create(kind, limit).Build(x);

    [Test]
    public void LoadsTheSystemLibz3()
    {
        // The project relies on Debian's libz3 4.8.x through the Native layer; a newer one would also do.
        Assert.That(Z3Session.NativeVersion(), Does.StartWith("4."));
    }

    // Reference: Cover's closed form 2·Σ_{k<r} C(n−1, k) (math.md §3.2), exact for rows in general position,
    // which Gaussian data (with or without an appended ones column) are almost surely.
    [TestCase(6, 2, false, 1)]
    [TestCase(10, 3, false, 2)]
    [TestCase(12, 3, false, 3)]
    [TestCase(8, 1, true, 4)]
    [TestCase(12, 2, true, 5)]
    [TestCase(10, 3, true, 6)]
    [TestCase(12, 3, true, 7)]
    public void GeneralPositionMatchesCoversCount(int n, int d, bool bias, int seed)
    {
        var x = Gaussian(n, d, seed, bias);
        int r = d + (bias ? 1 : 0);
        var set = Exact(x);
        long expected = CoverCount(n, r);
        Assert.That(set.DistinctBeforeDrop, Is.EqualTo(expected));
        Assert.That(set.Count, Is.EqualTo(expected - (set.ZeroPatternDropped ? 1 : 0)));
        Assert.That(set.BoundExact, Is.EqualTo(new BigInteger(expected)), "general position attains the bound");
        Assert.That(set.Rank, Is.EqualTo(r));
        Assert.That(set.ExactRank, Is.EqualTo(r));
        Assert.That(set.ReducedRows, Is.EqualTo(n));
        Assert.That(set.Source, Is.EqualTo(PatternSet.SourceExact));
        // With a ones column, u = (0, …, 0, −1) is inside the all-negative region, so the zero pattern is a region.
        if (bias) Assert.That(set.ZeroPatternDropped, Is.True);
        AssertSortedDistinctNonZero(set);
        AssertWitnessesRealise(set, x);
    }

    [Test]
    public void OneDimensionalDataWithBiasGiveThresholdPatterns()
    {
        // math.md §3.2: X̃ = [x, 1] with distinct x_s has exactly 2n regions: 1[x ≥ t] and 1[x ≤ t] for the n+1
        // threshold gaps each, where the all-ones and all-zero patterns appear in both families (2(n+1) − 2).
        // The all-zero pattern IS a region here (u = 0, b < 0 makes every u·x_s + b negative), so after the
        // drop 2n − 1 patterns remain.
        double[] xs = [0.3, -1.25, 2.5, 0.75, 4.0, -3.125, 1.5];
        int n = xs.Length;
        var x = FromRows(xs.Select(v => new[] { v, 1.0 }).ToArray());
        var set = Exact(x);
        Assert.That(set.DistinctBeforeDrop, Is.EqualTo(2 * n));
        Assert.That(set.ZeroPatternDropped, Is.True);
        Assert.That(set.Count, Is.EqualTo(2 * n - 1));
        for (int p = 0; p < set.Count; p++)
        {
            var active = set.ToArray(p);
            var on = Enumerable.Range(0, n).Where(s => active[s]).Select(s => xs[s]).ToList();
            var off = Enumerable.Range(0, n).Where(s => !active[s]).Select(s => xs[s]).ToList();
            bool upper = off.Count == 0 || on.Count == 0 || on.Min() > off.Max();
            bool lower = off.Count == 0 || on.Count == 0 || on.Max() < off.Min();
            Assert.That(upper || lower, Is.True, $"pattern {p} is not a threshold set");
        }
        AssertWitnessesRealise(set, x);
    }

    // math.md §3.2: n ≤ d rows in general position realise all 2^n sign vectors, including the all-negative
    // one (X̃ has full row rank, so X̃w = −1 is solvable): 2^n regions, 2^n − 1 patterns after the drop.
    [TestCase(2, 3)]
    [TestCase(3, 3)]
    [TestCase(3, 4)]
    [TestCase(4, 4)]
    public void AtMostAsManySamplesAsDimensionsGiveEverySignVector(int n, int d)
    {
        var x = Gaussian(n, d, seed: 10 + n + d, bias: false);
        var set = Exact(x);
        Assert.That(set.DistinctBeforeDrop, Is.EqualTo(1L << n));
        Assert.That(set.ZeroPatternDropped, Is.True);
        Assert.That(set.Count, Is.EqualTo((1 << n) - 1));
        AssertWitnessesRealise(set, x);
    }

    [Test]
    public void OneDimensionWithoutBiasHasTwoRegions()
    {
        // math.md §3.2: d = 1, no bias: the half-lines u > 0 and u < 0. With all x_s > 0 they give all-ones and
        // all-zero, and the latter is dropped.
        var samePositive = FromRows([1.0], [2.0], [3.5]);
        var set = Exact(samePositive);
        Assert.That(set.DistinctBeforeDrop, Is.EqualTo(2));
        Assert.That(set.ZeroPatternDropped, Is.True);
        Assert.That(set.Count, Is.EqualTo(1));
        Assert.That(set.ToArray(0), Is.EqualTo(new[] { true, true, true }));

        // With mixed signs neither region is all-zero: two complementary patterns, nothing dropped.
        var mixed = FromRows([1.0], [-2.0], [3.5]);
        set = Exact(mixed);
        Assert.That(set.DistinctBeforeDrop, Is.EqualTo(2));
        Assert.That(set.ZeroPatternDropped, Is.False);
        Assert.That(set.Count, Is.EqualTo(2));
        Assert.That(Keys(set), Is.EquivalentTo(new[] { "010", "101" }));
    }

    [Test]
    public void DuplicateAntiParallelAndZeroRowsDoNotAddRegions()
    {
        // Reference: math.md §3.1/§3.5. The 7 base rows are in general position (rank 3): 2(1+6+15) = 44 regions.
        // Added: an exact duplicate of row 0, 4·row 1 (same hyperplane, same side), −0.5·row 2 (same hyperplane,
        // complementary side) and a zero row (no hyperplane, always active). Powers of two keep the multiples exact.
        var baseRows = Gaussian(7, 3, seed: 21, bias: false);
        var x = AppendRows(baseRows,
            Row(baseRows, 0),
            Row(baseRows, 1).Select(v => 4 * v).ToArray(),
            Row(baseRows, 2).Select(v => -0.5 * v).ToArray(),
            [0.0, 0.0, 0.0]);
        var set = Exact(x);
        Assert.That(set.DistinctBeforeDrop, Is.EqualTo(CoverCount(7, 3)));
        Assert.That(set.ReducedRows, Is.EqualTo(7));
        for (int p = 0; p < set.Count; p++)
        {
            Assert.That(set.IsActive(p, 7), Is.EqualTo(set.IsActive(p, 0)), "duplicate copies");
            Assert.That(set.IsActive(p, 8), Is.EqualTo(set.IsActive(p, 1)), "positive multiple copies");
            Assert.That(set.IsActive(p, 9), Is.EqualTo(!set.IsActive(p, 2)), "anti-parallel complements");
            Assert.That(set.IsActive(p, 10), Is.True, "zero rows count as active");
        }
        AssertWitnessesRealise(set, x);
    }

    [Test]
    public void IntegerMultiplesAreMergedExactly()
    {
        // Rows 1 and 2 are 3× and −2× row 0 (exact integers); rows 3, 4 are generic. Three hyperplanes of rank 3
        // in general position: all 2^3 = 8 sign vectors (math.md §3.2), the all-negative one included.
        var x = FromRows([1, 2, 3], [3, 6, 9], [-2, -4, -6], [1, -1, 2], [0, 1, -5]);
        var set = Exact(x);
        Assert.That(set.ReducedRows, Is.EqualTo(3));
        Assert.That(set.DistinctBeforeDrop, Is.EqualTo(8));
        for (int p = 0; p < set.Count; p++)
        {
            Assert.That(set.IsActive(p, 1), Is.EqualTo(set.IsActive(p, 0)));
            Assert.That(set.IsActive(p, 2), Is.EqualTo(!set.IsActive(p, 0)));
        }
        AssertWitnessesRealise(set, x);
    }

    [Test]
    public void CollinearPointsWithBiasBehaveLikeOneDimensionalData()
    {
        // Points on the line x₂ = 2x₁ + 1 with a bias column: X̃ = [x₁, x₂, 1] has rank 2 and the arrangement is
        // the 1-D one of x₁ with bias, so 2n regions (math.md §3.2), the all-zero one dropped.
        int n = 6;
        var x = FromRows(Enumerable.Range(0, n).Select(i => new[] { i, 2.0 * i + 1, 1.0 }).ToArray());
        var set = Exact(x);
        Assert.That(set.Rank, Is.EqualTo(2));
        Assert.That(set.ExactRank, Is.EqualTo(2));
        Assert.That(set.DistinctBeforeDrop, Is.EqualTo(2 * n));
        Assert.That(set.Count, Is.EqualTo(2 * n - 1));
        AssertWitnessesRealise(set, x);
    }

    // Integer grids in the plane with a bias column: many collinear triples, so no closed form. The reference
    // counts 58 and 100 came from the independent incremental-LP script /work/shared/docs/verify/common.py
    // (enumerate_regions, scipy HiGHS), run once by hand; they are region counts before dropping the zero pattern.
    [TestCase(3, 3, 58)]
    [TestCase(4, 3, 100)]
    public void IntegerGridWithBiasMatchesIndependentScript(int width, int height, int regions)
    {
        var x = FromRows(Enumerable.Range(0, width)
            .SelectMany(i => Enumerable.Range(0, height).Select(j => new[] { i, (double)j, 1.0 })).ToArray());
        var set = Exact(x);
        Assert.That(set.DistinctBeforeDrop, Is.EqualTo(regions));
        Assert.That(set.Count, Is.EqualTo(regions - 1));
        AssertWitnessesRealise(set, x);
    }

    [Test]
    public void AllRowsZeroGiveTheOneAllActivePattern()
    {
        // No hyperplane: the whole space is one region, and zero rows are active by convention.
        var set = Exact(new double[3, 2]);
        Assert.That(set.Count, Is.EqualTo(1));
        Assert.That(set.DistinctBeforeDrop, Is.EqualTo(1));
        Assert.That(set.ToArray(0), Is.EqualTo(new[] { true, true, true }));
    }

    [Test]
    public void RefusesBeforeAnySolverWorkWhenTheBoundExceedsTheLimit()
    {
        // Reference: 2·Σ_{k<11} C(299, k) for 300 generic rows of rank 11 (10 features + bias), far over 100 000.
        var x = Gaussian(300, 10, seed: 5, bias: true);
        long contextsBefore = Z3Session.ContextsCreated;
        var enumerator = ExactEnumerators.Create(kind);
        var refused = Assert.Throws<ExactEnumerationRefusedException>(() => enumerator.Build(x))!;
        Assert.That(Z3Session.ContextsCreated, Is.EqualTo(contextsBefore), "no Z3 context may be created");
        BigInteger expected = 0, binomial = 1;
        for (int k = 0; k < 11; k++) { expected += binomial; binomial = binomial * (299 - k) / (k + 1); }
        expected *= 2;
        Assert.That(refused.Estimate.Bound, Is.EqualTo(expected));
        Assert.That(refused.Estimate.Rank, Is.EqualTo(11));
        Assert.That(refused.Estimate.ReducedRows, Is.EqualTo(300));
        Assert.That(refused.Message, Does.Contain(expected.ToString()));

        var estimate = ExactEnumerators.Estimate(kind, x);
        Assert.That(estimate.Bound, Is.EqualTo(expected));
        Assert.That(estimate.ExceedsLimit, Is.True);
        Assert.That(estimate.Limit, Is.EqualTo(100_000));
    }

    [Test]
    public void ASmallLimitRefusesASmallProblem()
    {
        var x = Gaussian(12, 3, seed: 3, bias: false);   // bound 2(1+11+55) = 134
        var refused = Assert.Throws<ExactEnumerationRefusedException>(() => Exact(x, limit: 100))!;
        Assert.That(refused.Estimate.Bound, Is.EqualTo(new BigInteger(CoverCount(12, 3))));
        Assert.That(Exact(x, limit: 134).DistinctBeforeDrop, Is.EqualTo(134));
    }

    [Test]
    public void HonoursCancellationAndReportsProgress()
    {
        var x = Gaussian(10, 3, seed: 8, bias: true);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => ExactEnumerators.Create(kind).Build(x, cancelled.Token));

        var reports = new List<long>();
        var set = ExactEnumerators.Create(kind, progress: reports.Add).Build(x);
        Assert.That(reports, Is.Not.Empty);
        Assert.That(reports[^1], Is.EqualTo(set.DistinctBeforeDrop));
        if (kind == ExactEnumerator.Z3) Assert.That(set.SolverChecks, Is.GreaterThan(0));
    }
}
