using System.Numerics;
using ConicDsl.Compiler.Patterns;
using NUnit.Framework;
using static ConicDsl.Tests.Compiler.Patterns.PatternTestData;

namespace ConicDsl.Tests.Compiler.Patterns;

[TestFixture]
public class ArrangementAnalysisTests
{
    [Test]
    public void RegionBoundMatchesPascalsTriangle()
    {
        for (int n = 1; n <= 25; n++)
            for (int r = 1; r <= Math.Min(n, 8); r++)
                Assert.That(ArrangementAnalysis.RegionBound(n, r), Is.EqualTo(new BigInteger(CoverCount(n, r))), $"n={n}, r={r}");
        // r = n: every sign vector, 2^n.
        Assert.That(ArrangementAnalysis.RegionBound(40, 40), Is.EqualTo(BigInteger.One << 40));
        Assert.That(ArrangementAnalysis.RegionBound(0, 0), Is.EqualTo(BigInteger.One));
    }

    [Test]
    public void ReducesZeroParallelAndAntiParallelRows()
    {
        var x = FromRows([0, 0, 0], [1, 2, 3], [0.5, 1, 1.5], [-3, -6, -9], [1, 0, 0], [0, 0, 0], [-7, 0, 0], [0, 0, 2]);
        var a = ArrangementAnalysis.Analyze(x);
        Assert.That(a.ReducedRowCount, Is.EqualTo(3));
        Assert.That(a.Representatives, Is.EqualTo(new[] { 1, 4, 7 }));
        Assert.That(a.RowClass, Is.EqualTo(new[] { -1, 0, 0, 0, 1, -1, 1, 2 }));
        Assert.That(a.Orientation, Is.EqualTo(new sbyte[] { 0, 1, 1, -1, 1, 0, -1, 1 }));
        Assert.That(a.NumericRank, Is.EqualTo(3));
        Assert.That(a.BoundExact, Is.EqualTo(new BigInteger(8)));   // 3 hyperplanes of rank 3: 2^3
    }

    [Test]
    public void NearlyParallelRowsWhoseRatiosRoundAlikeStayDistinct()
    {
        // Row b = (3q+1, q) with q near 2^53/3 (all integers exact in doubles) is not a multiple of a = (3, 1),
        // yet q/(3q+1) = 1/3 − 1/(3(3q+1)) rounds to the same double as 1/3. Only the exact comparison may
        // decide; it must keep two hyperplanes.
        double q = 0;
        for (long candidate = ((1L << 53) - 2) / 3; candidate > (1L << 52) / 3; candidate--)
            if ((double)candidate / (3 * candidate + 1) == 1.0 / 3) { q = candidate; break; }
        Assert.That(q, Is.Not.Zero, "test setup: no colliding ratio found");
        var a = ArrangementAnalysis.Analyze(FromRows([3, 1], [3 * q + 1, q], [6, 2]));
        Assert.That(a.ReducedRowCount, Is.EqualTo(2));
        Assert.That(a.RowClass, Is.EqualTo(new[] { 0, 1, 0 }));
    }

    [Test]
    public void NumericRankSeesExactDependencies()
    {
        // Third column = first + second (exact in integers).
        var x = FromRows([1, 2, 3], [4, -1, 3], [0, 5, 5], [2, 2, 4]);
        Assert.That(ArrangementAnalysis.ComputeNumericRank(x), Is.EqualTo(2));
        Assert.That(ArrangementAnalysis.ComputeNumericRank(new double[4, 3]), Is.EqualTo(0));
    }

    [Test]
    public void RejectsNonFiniteData()
    {
        Assert.Throws<ArgumentException>(() => ArrangementAnalysis.Analyze(FromRows([1, double.NaN])));
    }

    [Test]
    public void ExactArithmeticIsExact()
    {
        Assert.That(ExactArithmetic.ToRationalString(0.75), Is.EqualTo("3/4"));
        Assert.That(ExactArithmetic.ToRationalString(-6), Is.EqualTo("-6"));
        Assert.That(ExactArithmetic.ToRationalString(0.1), Is.EqualTo("3602879701896397/36028797018963968"));
        Assert.That(ExactArithmetic.ToPrimitiveIntegers([0.5, -1.5, 0, 2]),
            Is.EqualTo(new BigInteger[] { 1, -3, 0, 4 }));
        // Bareiss pivots: column 1 = 2·column 0, so the independent columns are 0 and 2.
        var rows = new[] { new BigInteger[] { 1, 2, 0 }, new BigInteger[] { 3, 6, 1 }, new BigInteger[] { -1, -2, 5 } };
        Assert.That(ExactArithmetic.PivotColumns(rows, 3), Is.EqualTo(new[] { 0, 2 }));
    }
}
