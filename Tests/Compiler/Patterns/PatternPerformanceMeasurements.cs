using System.Diagnostics;
using ConicDsl.Compiler.Patterns;
using NUnit.Framework;
using static ConicDsl.Tests.Compiler.Patterns.PatternTestData;

namespace ConicDsl.Tests.Compiler.Patterns;

/// <summary>Timings for the report; explicit so the regular run stays fast. Counts are still checked.</summary>
[TestFixture, Explicit("timing measurement")]
public class PatternPerformanceMeasurements
{
    [TestCase(30, 3, true, ExactEnumerator.Z3)]
    [TestCase(20, 4, false, ExactEnumerator.Z3)]
    [TestCase(20, 4, true, ExactEnumerator.Z3)]
    [TestCase(60, 2, true, ExactEnumerator.Z3)]
    [TestCase(30, 3, true, ExactEnumerator.Certified)]
    [TestCase(20, 4, false, ExactEnumerator.Certified)]
    [TestCase(20, 4, true, ExactEnumerator.Certified)]
    [TestCase(60, 2, true, ExactEnumerator.Certified)]
    public void ExactEnumerationRate(int n, int d, bool bias, ExactEnumerator kind)
    {
        var x = Gaussian(n, d, seed: 100 + n + d, bias: bias);
        var clock = Stopwatch.StartNew();
        var set = ExactEnumerators.Create(kind).Build(x);
        clock.Stop();
        Assert.That(set.DistinctBeforeDrop, Is.EqualTo(CoverCount(n, d + (bias ? 1 : 0))));
        double seconds = clock.Elapsed.TotalSeconds;
        TestContext.Out.WriteLine(
            $"{kind} n={n} d={d} bias={bias}: {set.DistinctBeforeDrop} regions, {set.SolverChecks} Z3 checks, " +
            $"{seconds:F2} s, {set.DistinctBeforeDrop / seconds:F0} regions/s, {set.SolverChecks / seconds:F0} checks/s");
    }

    [Test]
    public void SamplingRate()
    {
        var x = Gaussian(5000, 20, seed: 1, bias: true);
        var clock = Stopwatch.StartNew();
        var set = new ArrangementSampler(10_000, seed: 0).Build(x);
        TestContext.Out.WriteLine($"n=5000 d=20+bias, 10000 draws: {set.Count} patterns, {clock.Elapsed.TotalSeconds:F2} s");
    }
}
