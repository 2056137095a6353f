using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;
using NUnit.Framework;
using static ConicDsl.Tests.Dsl.DslTestSupport;
using static ConicDsl.Tests.Dsl.NetworkTestSupport;

namespace ConicDsl.Tests.Dsl;

/// <summary><c>gated_relu M</c>: accepted on a vector input with or without a (regularised) bias, refused elsewhere
/// with located CNN1110 errors.</summary>
public class GatedReluNetworkTests
{
    [TestCase("input", BiasMode.None)]
    [TestCase("input bias", BiasMode.Regularized)]
    public void VectorInputWithOneGatedReluLayerIsTheGatedFamily(string input, BiasMode bias)
    {
        var network = Accepted(input, "gated_relu 12", "output 1");

        var architecture = (GatedReluArchitecture)network.Architecture;
        Assert.Multiple(() =>
        {
            Assert.That(network.Bias, Is.EqualTo(bias));
            Assert.That(architecture.Width, Is.EqualTo(12));
            Assert.That(network.Hidden, Is.EqualTo(new LayerSpec[] { architecture.Layer }));
        });
    }

    [Test]
    public void UnregularizedBiasIsRefusedAtTheLayer()
    {
        var result = LoadNetwork("input bias unregularized", "gated_relu 4", "output 1");
        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 5, 5, "with an unregularized bias its training problem has no minimizer");
        AssertOnlyErrors(result, DiagnosticIds.UnsupportedNetwork);
    }

    [Test]
    public void ReluAndGatedReluTogetherAreADeepNetwork()
    {
        var result = LoadNetwork("input bias", "relu 4", "gated_relu 4", "output 1");
        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 6, 5, "deep networks (2 hidden ReLU layers)");
    }

    [Test]
    public void GatedReluNeedsAVectorInput()
    {
        var result = LoadNetwork("input signal 8", "gated_relu 4", "output 1");
        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 5, 5, "a fully connected 'gated_relu M' layer needs a plain vector input");
    }

    [Test]
    public void WidthMustBeAPositiveNumber()
    {
        AssertDiagnostic(LoadNetwork("input", "gated_relu 0", "output 1"), DiagnosticIds.NonPositiveCount, 5, 16,
            "the width of a 'gated_relu' layer must be at least 1");
        AssertDiagnostic(LoadNetwork("input", "gated_relu", "output 1"), DiagnosticIds.BadNumber, 5, 15,
            "expected a number after 'gated_relu'");
    }
}

/// <summary><c>loss absolute</c>, <c>loss huber [delta D]</c> and the located CNN1115 for a bad delta.</summary>
public class RobustLossSyntaxTests
{
    private static FrontEndResult WithLoss(string loss) =>
        Load(Model("data \"d.csv\" target y", "network {", "  input bias", "  relu 4", "  output 1", "}", loss,
            "regularize weight_decay 0.01"));

    [TestCase("loss absolute", LossKind.Absolute, 1.0)]
    [TestCase("loss huber", LossKind.Huber, 1.0)]
    [TestCase("loss huber delta 0.25", LossKind.Huber, 0.25)]
    public void KnownLossesAndDelta(string line, LossKind kind, double delta)
    {
        var result = WithLoss(line);
        AssertOnlyErrors(result);
        Assert.That(result.Model!.Loss.Kind, Is.EqualTo(kind));
        Assert.That(result.Model.Loss.Delta, Is.EqualTo(delta));
    }

    [TestCase("loss huber delta 0", 8, 20, "must be a positive number, found '0'")]
    [TestCase("loss huber delta -1", 8, 20, "must be a positive number, found '-1'")]
    [TestCase("loss squared delta 2", 8, 16, "the squared loss takes no 'delta'")]
    [TestCase("loss absolute delta 2", 8, 17, "the absolute loss takes no 'delta'")]
    public void BadDeltaIsLocated(string line, int row, int column, string fragment)
    {
        var result = WithLoss(line);
        AssertDiagnostic(result, DiagnosticIds.BadLossParameter, row, column, fragment);
        AssertOnlyErrors(result, DiagnosticIds.BadLossParameter);
    }

    [Test]
    public void MissingDeltaValueIsASyntaxError()
    {
        var result = WithLoss("loss huber delta");
        Assert.That(result.Diagnostics.Any(d => d.Id == DiagnosticIds.BadNumber && d.Span.Line == 8
                                                && d.Message.Contains("expected a number after 'delta'")), Is.True, () => Describe(result));
    }
}
