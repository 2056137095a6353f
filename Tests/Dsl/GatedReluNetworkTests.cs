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
