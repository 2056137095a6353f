using System.Globalization;
using System.Text;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Text;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler;

/// <summary>
/// <see cref="CompileOptions.EnumerationProgress"/> receives the exact enumerator's region counts (its contract: every
/// 1024 regions and the total at the end), and <see cref="CompileOptions.SizeCheck"/> can stop the compile before
/// the patterns are built.
/// </summary>
public class EnumerationProgressTests
{
    /// <summary>12 random points in 2-D with a bias: rank 3, about 130 regions, so only the final count arrives here; the
    /// every-1024 reports of a larger enumeration are checked through the CLI in ProgressSwitchTests.</summary>
    private static Model WriteModel(TempDir dir, PatternSpec? patterns = null)
    {
        var rng = new Random(8);
        var csv = new StringBuilder("a,b,y\n");
        for (int k = 0; k < 12; k++)
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{rng.NextDouble() - 0.5:R},{rng.NextDouble() - 0.5:R},{rng.NextDouble():R}"));
        dir.Write("d.csv", csv.ToString());
        return Models.TwoLayer(Path.Combine(dir.Path, "m.cnn"), "d.csv", "y", patterns: patterns);
    }

    [Test]
    public void TheRegionCountReachesTheCallerAtTheEnd()
    {
        using var dir = new TempDir();
        var counts = new List<long>();
        var (compiled, diagnostics) = ModelCompiler.Compile(WriteModel(dir), options: new CompileOptions { EnumerationProgress = counts.Add });
        Assert.That(compiled, Is.Not.Null, string.Join("\n", diagnostics));
        int patterns = compiled!.Patterns.Count;
        Assert.That(counts, Is.Not.Empty);
        Assert.That(counts, Is.Ordered.Ascending);
        Assert.That(counts.Take(counts.Count - 1), Has.All.Matches<long>(c => c % 1024 == 0));
        // Independent route: the pattern set's own count (the all-inactive region, if any, is dropped from it).
        Assert.That(counts[^1], Is.InRange(patterns, patterns + 1));
    }

    [Test]
    public void ARefusalBeforeEnumerationStopsTheCompileWithoutEnumerating()
    {
        using var dir = new TempDir();
        var counts = new List<long>();
        var seen = new List<ConicDsl.Compiler.Architectures.Sizing.SizeEstimate>();
        var refusal = ConicDsl.Dsl.Diagnostics.Diagnostic.Error(ConicDsl.Dsl.Diagnostics.DiagnosticIds.ProgramTooLarge, SourceSpan.None("m.cnn"), "too large");
        var (compiled, diagnostics) = ModelCompiler.Compile(WriteModel(dir), options: new CompileOptions
        {
            EnumerationProgress = counts.Add,
            SizeCheck = e => { seen.Add(e); return refusal; },
        });
        Assert.That(compiled, Is.Null);
        Assert.That(diagnostics, Is.EqualTo(new[] { refusal }));
        Assert.That(counts, Is.Empty, "no region was enumerated");
        Assert.That(seen, Has.Count.EqualTo(1));
        Assert.That(seen[0].PatternsKnown, Is.False);
    }
}
