using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;
using NUnit.Framework;
using static ConicDsl.Tests.Dsl.DslTestSupport;

namespace ConicDsl.Tests.Dsl;

/// <summary><c>quadratic M [coefficients A B C]</c> with <c>regularize l1_output β</c> (math.md §8): accepted on a vector
/// input, with located diagnostics for bad coefficients, the wrong regularizer, and an ineffective arrangements line.
/// The layer is on line 5 (column 5), the regularize statement on line 9 (column 3).</summary>
public class QuadraticNetworkTests
{
    private static FrontEndResult Load(string layer, string input = "input",
        string regularize = "regularize l1_output 0.1", string? extra = null) =>
        DslTestSupport.Load(Model(new[] { "data \"d.csv\" target y", "network {", "  " + input, "  " + layer, "  output 1", "}",
            "loss squared", regularize }.Concat(extra is null ? [] : new[] { extra }).ToArray()));

    private static QuadraticArchitecture Accepted(FrontEndResult result)
    {
        AssertOnlyErrors(result);
        return (QuadraticArchitecture)result.Model!.Network.Architecture;
    }

    [Test]
    public void WithoutCoefficientsTheActivationIsTheSquare()
    {
        var result = Load("quadratic 6");
        var layer = Accepted(result).Layer;
        Assert.That((layer.Width, layer.A, layer.B, layer.C), Is.EqualTo((6, 1.0, 0.0, 0.0)));
        Assert.That(result.Model!.Regularizer.Kind, Is.EqualTo(RegularizerKind.L1Output));
        Assert.That(result.Model.Regularizer.Beta, Is.EqualTo(0.1));
        Assert.That(result.Diagnostics, Is.Empty);
    }

    [TestCase("input", BiasMode.None)]
    [TestCase("input bias", BiasMode.Regularized)]
    public void CoefficientsAndBias(string input, BiasMode bias)
    {
        var result = Load("quadratic 8 coefficients 1 0.5 -0.2", input);
        var layer = Accepted(result).Layer;
        Assert.That((layer.A, layer.B, layer.C), Is.EqualTo((1.0, 0.5, -0.2)));
        Assert.That(result.Model!.Network.Bias, Is.EqualTo(bias));
    }

    [Test]
    public void ZeroSquareCoefficientIsRefusedAsALinearModel()
    {
        var result = Load("quadratic 4 coefficients 0 1 1");
        AssertDiagnostic(result, DiagnosticIds.BadActivationCoefficients, 5, 30, "makes the network a linear model");
        AssertOnlyErrors(result, DiagnosticIds.BadActivationCoefficients);
    }

    [Test]
    public void NonFiniteCoefficientIsLocated()
    {
        // The lexer already refuses numbers that overflow a double; the layer check is the second line of defence.
        var result = Load("quadratic 4 coefficients 1 1e999 1");
        AssertDiagnostic(result, DiagnosticIds.BadNumber, 5, 32, "the number '1e999' is too large");
    }

    [TestCase("quadratic 4 coefficients 1 2", "found only two")]
    [TestCase("quadratic 4 coefficients", "expected three numbers after 'coefficients'")]
    [TestCase("quadratic 4 coefficients 1 x 2", "found only one")]
    [TestCase("quadratic", "expected a number after 'quadratic'")]
    public void MissingOrNonNumericCoefficientsAreSyntaxErrors(string layer, string fragment)
    {
        var result = Load(layer);
        Assert.That(result.Diagnostics.Any(d => d.Id == DiagnosticIds.BadNumber && d.Span.Line == 5 && d.Message.Contains(fragment)),
            Is.True, () => Describe(result));
    }

    [Test]
    public void WidthMustBeAPositiveNumber() =>
        AssertDiagnostic(Load("quadratic 0"), DiagnosticIds.NonPositiveCount, 5, 15, "the width of a 'quadratic' layer must be at least 1");

    [Test]
    public void WeightDecayIsRefusedForTheQuadraticLayer()
    {
        var result = Load("quadratic 4", regularize: "regularize weight_decay 0.1");
        AssertDiagnostic(result, DiagnosticIds.RegularizerMismatch, 9, 3, "is not trained with weight decay");
        Assert.That(Single(result, DiagnosticIds.RegularizerMismatch).Hint, Does.Contain("regularize l1_output 0.1"));
    }

    [Test]
    public void L1OutputIsRefusedForAReluLayer()
    {
        var result = Load("relu 4");
        AssertDiagnostic(result, DiagnosticIds.RegularizerMismatch, 9, 3, "'l1_output' is the penalty of the 'quadratic' layer");
    }

    [Test]
    public void ArrangementsAreIgnoredWithAWarning()
    {
        var result = Load("quadratic 4", extra: "arrangements sample 10");
        Accepted(result);
        Assert.That(Single(result, DiagnosticIds.IneffectiveArrangements).Severity, Is.EqualTo(DiagnosticSeverity.Warning));
    }

    [Test]
    public void UnregularizedBiasIsRefused()
    {
        var result = Load("quadratic 4", "input bias unregularized");
        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 5, 5, "an unregularized bias would sit outside that constraint");
    }

    [Test]
    public void WithoutARegularizeStatementTheRegularizerIsL1OutputWithBetaZero()
    {
        var result = DslTestSupport.Load(Model("data \"d.csv\" target y", "network {", "  input", "  quadratic 4", "  output 1", "}", "loss squared"));
        Assert.That(result.Model, Is.Not.Null, () => Describe(result));
        Assert.That((result.Model!.Regularizer.Kind, result.Model.Regularizer.Beta), Is.EqualTo((RegularizerKind.L1Output, 0.0)));
        Assert.That(Single(result, DiagnosticIds.NoWeightDecay).Hint, Does.Contain("regularize l1_output"));
    }
}
