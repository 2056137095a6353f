using ConicDsl.Dsl.Diagnostics;
using static ConicDsl.Tests.Dsl.DslTestSupport;

namespace ConicDsl.Tests.Dsl;

/// <summary><c>regularize weight_decay path FROM .. TO steps N</c>: what it means and every way to get it wrong.</summary>
public class RegularizationPathSyntaxTests
{
    private static string WithRegularize(string regularize) =>
        Model([.. Valid.Where(s => !s.StartsWith("regularize")), regularize]);

    // The regularize line is the last statement: line 9 of the file (line 1 is "model m {").
    private const int Line = 9;

    [Test]
    public void APathIsLogSpacedFromFirstToLastBothIncluded()
    {
        var result = Load(WithRegularize("regularize weight_decay path 1e-4 .. 1 steps 5"));
        Assert.That(result.Diagnostics.Where(d => d.IsError), Is.Empty, () => string.Join("\n", result.Diagnostics));
        var regularizer = result.Model!.Regularizer;
        Assert.That(regularizer.Path, Is.Not.Null);
        Assert.That(regularizer.Beta, Is.EqualTo(1e-4), "compile writes the program of the first β");
        // Written out by hand: 5 log-spaced values from 1e-4 to 1 are the powers 10^-4, 10^-3, …, 10^0.
        Assert.That(regularizer.Path!.Betas(), Is.EqualTo(new[] { 1e-4, 1e-3, 1e-2, 1e-1, 1.0 }).Within(1e-12).Percent);
        Assert.That(regularizer.Path.Betas()[0], Is.EqualTo(1e-4), "the ends are exact, not recomputed");
        Assert.That(regularizer.Path.Betas()[^1], Is.EqualTo(1.0));
    }

    [Test]
    public void ASingleBetaHasNoPath()
    {
        var result = Load(WithRegularize("regularize weight_decay 0.5"));
        Assert.That(result.Model!.Regularizer.Path, Is.Null);
        Assert.That(result.Model.Regularizer.Beta, Is.EqualTo(0.5));
    }

    [TestCase("regularize weight_decay path 0 .. 1 steps 5", 32, "must be positive")]
    [TestCase("regularize weight_decay path -1 .. 1 steps 5", 32, "must be positive")]
    [TestCase("regularize weight_decay path 1 .. 0.1 steps 5", 37, "must be larger than its first")]
    [TestCase("regularize weight_decay path 1 .. 1 steps 5", 37, "must be larger than its first")]
    [TestCase("regularize weight_decay path 1e-3 .. 1 steps 1", 48, "at least 2 steps")]
    public void ABadRangeIsLocated(string line, int column, string fragment)
    {
        var result = Load(WithRegularize(line));
        AssertDiagnostic(result, DiagnosticIds.BadRegularizationPath, Line, column, fragment);
        Assert.That(result.Model, Is.Null);
    }

    [TestCase("regularize weight_decay path 1e-3 .. 1 steps 2.5", DiagnosticIds.NonIntegerCount, 48)]
    [TestCase("regularize weight_decay path 1e-3 .. 1 steps 0", DiagnosticIds.BadRegularizationPath, 48)]
    [TestCase("regularize weight_decay path 1e-3 .. 1 steps 5000", DiagnosticIds.NonPositiveCount, 48)]
    [TestCase("regularize weight_decay path 1e-3 1 steps 5", DiagnosticIds.SyntaxError, 37)]
    [TestCase("regularize weight_decay path 1e-3 .. 1", DiagnosticIds.SyntaxError, 41)]
    [TestCase("regularize weight_decay path 1e-3 .. 1 steps", DiagnosticIds.BadNumber, 47)]
    [TestCase("regularize weight_decay path 1e-3..1 steps 5", DiagnosticIds.BadNumber, 32)]
    [TestCase("regularize weight_decay path", DiagnosticIds.BadNumber, 31)]
    public void AMalformedPathIsLocated(string line, string id, int column)
    {
        var result = Load(WithRegularize(line));
        Assert.That(result.Diagnostics.Any(d => d.Id == id && d.Span.Line == Line && d.Span.Column == column), Is.True,
            () => $"expected {id} at {Line}:{column}; got:\n{string.Join("\n", result.Diagnostics.Select(d => d.FormatWithHint()))}");
        Assert.That(result.Model, Is.Null);
    }

    [Test]
    public void AnUnknownRegularizerWithAPathIsStillNamed()
    {
        var result = Load(WithRegularize("regularize weight_dekay path 1e-3 .. 1 steps 5"));
        Single(result, DiagnosticIds.UnknownRegularizer);
    }
}
