using System.Numerics;
using ConicDsl.Compiler.Patterns;
using NUnit.Framework;
using static ConicDsl.Tests.Compiler.Patterns.PatternTestData;

namespace ConicDsl.Tests.Compiler.Patterns;

[TestFixture]
public class CertifiedArrangementEnumeratorTests
{
    /// <summary>Small instances, several of them degenerate, on which Z3's depth-first search is the reference.</summary>
    private static IEnumerable<TestCaseData> Instances()
    {
        yield return new TestCaseData(Gaussian(10, 3, seed: 31, bias: true)).SetName("Gaussian n=10 d=3 + bias");
        yield return new TestCaseData(Gaussian(12, 2, seed: 32, bias: false)).SetName("Gaussian n=12 d=2");
        var rng = new Random(33);
        yield return new TestCaseData(FromRows(Enumerable.Range(0, 12)
                .Select(_ => new double[] { rng.Next(-3, 4), rng.Next(-3, 4), rng.Next(-3, 4) }).ToArray()))
            .SetName("integers in [-3, 3], n=12 d=3 (zero, parallel and coplanar rows)");
        var baseRows = Gaussian(7, 2, seed: 34, bias: true);
        yield return new TestCaseData(AppendRows(baseRows,
                Row(baseRows, 0), Row(baseRows, 1).Select(v => 2 * v).ToArray(),
                Row(baseRows, 2).Select(v => -0.25 * v).ToArray()))
            .SetName("repeated, parallel and anti-parallel rows");
        yield return new TestCaseData(FromRows(Enumerable.Range(0, 4)
                .SelectMany(i => Enumerable.Range(0, 3).Select(j => new[] { i, (double)j, 1.0 })).ToArray()))
            .SetName("4x3 integer grid + bias (points on common lines)");
        yield return new TestCaseData(FromRows(Enumerable.Range(0, 27).Select(i => new double[] { i % 3 - 1, i / 3 % 3 - 1, i / 9 - 1 })
                .Where(v => v.Any(c => c != 0)).ToArray()))
            .SetName("all of {-1,0,1}^3 but 0 (13 hyperplanes, many triple intersections)");
        // Multiples of 1/8 keep the dependent columns exact (a sum of Gaussian doubles would round, and then the exact
        // rank would be full while the numerical rank is not).
        var dyadic = Enumerable.Range(0, 10).Select(_ => new[] { rng.Next(-40, 41) / 8.0, rng.Next(-40, 41) / 8.0 }).ToArray();
        yield return new TestCaseData(FromRows(dyadic.Select(v => new[] { v[0], v[1], v[0] + v[1], 0.5 * v[0], 1.0 }).ToArray()))
            .SetName("rank-deficient X (rank 3 of 5 columns)");
        yield return new TestCaseData(FromRows([0.5, 1], [-1.25, 1], [2, 1], [0.5, 1], [3, 1], [-2, 1]))
            .SetName("d=1 + bias with a repeated point");
        yield return new TestCaseData(FromRows([1.5], [-2], [0.25])).SetName("d=1 without bias");
        // Nearly degenerate: the last point lies 1e-13 off the line through the first two (with bias), so one
        // region is a thin sliver the LP's margin barely resolves.
        var near = Gaussian(8, 2, seed: 36, bias: true);
        double mid0 = (near[0, 0] + near[1, 0]) / 2, mid1 = (near[0, 1] + near[1, 1]) / 2 + 1e-13;
        yield return new TestCaseData(AppendRows(near, [mid0, mid1, 1.0])).SetName("a point 1e-13 off a common line");
    }

    // Reference: the Z3 depth-first search (exact rational arithmetic, an independent decision procedure).
    [TestCaseSource(nameof(Instances))]
    public void GivesTheSameRegionsAsTheZ3Search(double[,] x)
    {
        var certified = new CertifiedArrangementEnumerator();
        var set = certified.Build(x);
        var reference = new Z3ArrangementEnumerator().Build(x);
        Assert.That(set.DistinctBeforeDrop, Is.EqualTo(reference.DistinctBeforeDrop));
        Assert.That(set.ZeroPatternDropped, Is.EqualTo(reference.ZeroPatternDropped));
        Assert.That(Keys(set), Is.EquivalentTo(Keys(reference)));
        Assert.That(set.ExactRank, Is.EqualTo(reference.ExactRank));
        AssertSortedDistinctNonZero(set);
        AssertWitnessesRealise(set, x);
        var stats = certified.Statistics!;
        Assert.That(stats.PointCertificates + stats.GordanCertificates + stats.Z3Fallbacks, Is.EqualTo(stats.LpSolves),
            "every LP answer is certified or handed to Z3");
        TestContext.Out.WriteLine($"{stats}");
    }

    // Reference: the Z3 search. Column 2 is fl(x₀ + x₁): numerically rank 3 of 4, exactly rank 4, so some regions are
    // slivers at the rounding level. Both enumerators must still agree exactly; the gates of such slivers cannot
    // reproduce their patterns in double arithmetic, so they are not checked here.
    [Test]
    public void AgreesWithZ3WhereTheExactRankExceedsTheNumericalRank()
    {
        var g = Gaussian(9, 2, seed: 37, bias: false);
        var x = FromRows(Enumerable.Range(0, 9).Select(s => new[] { g[s, 0], g[s, 1], g[s, 0] + g[s, 1], 1.0 }).ToArray());
        var set = new CertifiedArrangementEnumerator().Build(x);
        var reference = new Z3ArrangementEnumerator().Build(x);
        Assert.That(set.ExactRank, Is.EqualTo(reference.ExactRank));
        Assert.That(Keys(set), Is.EquivalentTo(Keys(reference)));
    }

    // Reference: the Z3 search. Three pivots per LP leave many cells undecided, so the Z3 fallback (its points turned
    // into witnesses) is mixed with certified LP answers in one search; the regions must not change.
    [Test]
    public void CellsTheLpCannotSettleGoToZ3WithTheSameResult()
    {
        var x = Gaussian(9, 2, seed: 38, bias: true);
        var capped = new CertifiedArrangementEnumerator(ArrangementAnalysis.DefaultLimit, null, lpIterationCap: 3);
        var set = capped.Build(x);
        var stats = capped.Statistics!;
        TestContext.Out.WriteLine($"{stats}");
        Assert.That(stats.Z3Fallbacks, Is.GreaterThan(0));
        Assert.That(stats.PointCertificates + stats.GordanCertificates, Is.GreaterThan(0));
        Assert.That(set.SolverChecks, Is.EqualTo(stats.Z3Checks));
        Assert.That(Keys(set), Is.EquivalentTo(Keys(new Z3ArrangementEnumerator().Build(x))));
        Assert.That(set.DistinctBeforeDrop, Is.EqualTo(CoverCount(9, 3)));
        AssertWitnessesRealise(set, x);
    }

    // Reference: Cover's closed form 2·Σ_{k<r} C(n−1, k) (math.md §3.2), attained by Gaussian rows (general position
    // almost surely). These sizes take minutes with the Z3 search and well under a second here.
    [TestCase(30, 3, true, 41)]
    [TestCase(20, 4, false, 42)]
    [TestCase(40, 2, true, 43)]
    [TestCase(12, 6, false, 44)]
    public void GeneralPositionMatchesCoversCount(int n, int d, bool bias, int seed)
    {
        var x = Gaussian(n, d, seed, bias);
        var enumerator = new CertifiedArrangementEnumerator();
        var set = enumerator.Build(x);
        Assert.That(set.DistinctBeforeDrop, Is.EqualTo(CoverCount(n, d + (bias ? 1 : 0))));
        AssertWitnessesRealise(set, x);
        TestContext.Out.WriteLine($"{enumerator.Statistics}");
    }

    [Test]
    public void ProgressIsReportedEvery1024Regions()
    {
        // 2(1+29+406+3654) = 8180 regions (Cover): reports at 1024, 2048, …, 8192 would overshoot, so 1024…7168 and
        // the final count.
        var reports = new List<long>();
        var set = new CertifiedArrangementEnumerator(progress: reports.Add).Build(Gaussian(30, 3, seed: 41, bias: true));
        Assert.That(reports, Is.EqualTo(Enumerable.Range(1, 7).Select(i => 1024L * i).Append(set.DistinctBeforeDrop)));
    }

    [Test]
    public void GordanCertificateNeedsANonnegativeNullVector()
    {
        BigInteger[] V(params int[] v) => v.Select(c => new BigInteger(c)).ToArray();
        // (1,0) + (0,1) + (−1,−1) = 0: the open cell {w₁ > 0, w₂ > 0, w₁ + w₂ < 0} is empty.
        Assert.That(GordanCertificate.TryFind([V(1, 0), V(0, 1), V(-1, -1)]), Is.EqualTo(V(1, 1, 1)));
        Assert.That(GordanCertificate.TryFind([V(2, -4), V(-1, 2)]), Is.EqualTo(V(1, 2)));
        // Independent columns: no null vector. (1,0) + (0,1) − (1,1) = 0 has a negative weight: {w₁, w₂, w₁+w₂ > 0}
        // is not empty, so there must be no certificate.
        Assert.That(GordanCertificate.TryFind([V(1, 0), V(0, 1)]), Is.Null);
        Assert.That(GordanCertificate.TryFind([V(1, 0), V(0, 1), V(1, 1)]), Is.Null);
    }

    [Test]
    public void SignOfDotIsExactWhereDoublesCancelOrUnderflow()
    {
        // 1e16 + 1 rounds to 1e16 in doubles, so the floating sum is 0; the exact sum is 1.
        Assert.That(ExactArithmetic.SignOfDot([1e16, 1, -1e16], [1, 1, 1]), Is.EqualTo(1));
        Assert.That(ExactArithmetic.SignOfDot([1e16, -1, -1e16], [1, 1, 1]), Is.EqualTo(-1));
        // 1e-200·1e-200 underflows to 0 in doubles but is positive.
        Assert.That(ExactArithmetic.SignOfDot([1e-200], [1e-200]), Is.EqualTo(1));
        Assert.That(ExactArithmetic.SignOfDot([3, -1], [1, 3]), Is.EqualTo(0));
        Assert.That(ExactArithmetic.SignOfDot([0.1, 0.2], [1, 1]), Is.EqualTo(1));
    }
}
