using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;
using NUnit.Framework;
using static ConicDsl.Tests.Dsl.DslTestSupport;
using static ConicDsl.Tests.Dsl.NetworkTestSupport;

namespace ConicDsl.Tests.Dsl;

/// <summary>Every network shape the checker accepts, and the architecture record it resolves to.</summary>
public class NetworkArchitectureTests
{
    [Test]
    public void VectorInputWithOneReluLayerIsFullyConnected()
    {
        var network = Accepted("input bias unregularized", "relu 8", "output 1");

        var architecture = (FullyConnectedArchitecture)network.Architecture;
        Assert.Multiple(() =>
        {
            Assert.That(network.Input.Shape, Is.EqualTo(InputShape.Vector));
            Assert.That(network.Input.Dimensions, Is.Empty);
            Assert.That(network.Input.Channels, Is.EqualTo(1));
            Assert.That(network.Input.FeatureCount, Is.Null);
            Assert.That(network.Bias, Is.EqualTo(BiasMode.Unregularized));
            Assert.That(architecture.Layer.Width, Is.EqualTo(8));
            Assert.That(architecture.Width, Is.EqualTo(8));
            Assert.That(network.Hidden, Is.EqualTo(new LayerSpec[] { architecture.Layer }));
            Assert.That(network.Outputs, Is.EqualTo(1));
            Assert.That(network.Relaxation, Is.False);
        });
    }

    [TestCase("sum", PoolKind.Sum)]
    [TestCase("mean", PoolKind.Mean)]
    [TestCase("max", PoolKind.Max)]
    public void SignalConvThenPoolIsTheTwoLayerCnn(string pool, PoolKind kind)
    {
        var network = Accepted("input signal 32 channels 2", "conv filters 8 size 5 stride 2 relu", $"pool {pool}", "output 1");

        var architecture = (TwoLayerCnnArchitecture)network.Architecture;
        Assert.Multiple(() =>
        {
            Assert.That(network.Input.Shape, Is.EqualTo(InputShape.Signal));
            Assert.That(network.Input.Dimensions, Is.EqualTo(new[] { 32 }));
            Assert.That(network.Input.Channels, Is.EqualTo(2));
            Assert.That(network.Input.FeatureCount, Is.EqualTo(64));
            Assert.That(network.Bias, Is.EqualTo(BiasMode.None));
            Assert.That((network.Input.Span.Line, network.Input.Span.Column), Is.EqualTo((4, 5)));
            AssertConv(architecture.Conv, ConvKind.Shared, 8, [5], 2, unitNorm: false, relu: true);
            Assert.That((architecture.Conv.Span.Line, architecture.Conv.Span.Column), Is.EqualTo((5, 5)));
            Assert.That(architecture.Pool.Kind, Is.EqualTo(kind));
            Assert.That(architecture.Width, Is.EqualTo(8));
            Assert.That(network.Hidden, Is.EqualTo(new LayerSpec[] { architecture.Conv, architecture.Pool }));
            Assert.That(network.Relaxation, Is.False);
        });
    }

    [TestCase("conv filters 3 size 2 relu stride 2")]
    [TestCase("conv filters 3 size 2 stride 2 relu")]
    public void ConvOptionsMayComeInAnyOrder(string conv)
    {
        var network = Accepted("input signal 6", conv, "pool sum", "output 1");

        AssertConv(((TwoLayerCnnArchitecture)network.Architecture).Conv, ConvKind.Shared, 3, [2], 2, unitNorm: false, relu: true);
    }

    [TestCase("size 3", new[] { 3, 3 })]
    [TestCase("size 2 4", new[] { 2, 4 })]
    [TestCase("size 6 8", new[] { 6, 8 })]
    public void ImageFiltersAreSquareOrHeightByWidth(string size, int[] expected)
    {
        var network = Accepted("input image 6 8", $"conv filters 3 {size} relu", "pool mean", "output 1");

        Assert.Multiple(() =>
        {
            Assert.That(network.Input.Shape, Is.EqualTo(InputShape.Image));
            Assert.That(network.Input.Dimensions, Is.EqualTo(new[] { 6, 8 }));
            Assert.That(network.Input.Positions, Is.EqualTo(48));
            Assert.That(network.Input.FeatureCount, Is.EqualTo(48));
            AssertConv(((TwoLayerCnnArchitecture)network.Architecture).Conv, ConvKind.Shared, 3, expected, 1,
                unitNorm: false, relu: true);
        });
    }

    [Test]
    public void FullLengthUnitNormCircularConvThenDenseReluIsTheExactCircularCnn()
    {
        var network = Accepted("input signal 8", "conv circular filters 4 size 8 unit_norm", "dense relu", "output 1");

        var architecture = (CircularCnnArchitecture)network.Architecture;
        Assert.Multiple(() =>
        {
            Assert.That(architecture.Relu, Is.True);
            Assert.That(architecture.Convs, Has.Length.EqualTo(1));
            AssertConv(architecture.Convs[0], ConvKind.Circular, 4, [8], 1, unitNorm: true, relu: false);
            Assert.That(architecture.Depth, Is.EqualTo(3));
            Assert.That(architecture.Width, Is.EqualTo(4));
            Assert.That(network.Hidden[0], Is.EqualTo(architecture.Convs[0]));
            Assert.That(network.Hidden[1], Is.TypeOf<DenseReluLayerSpec>());
            Assert.That((network.Hidden[1].Span.Line, network.Hidden[1].Span.Column), Is.EqualTo((6, 5)));
            Assert.That(network.Relaxation, Is.False);
        });
    }

    [Test]
    public void CircularFilterOnAnImageCoversHeightAndWidth()
    {
        var network = Accepted("input image 4 6 channels 3", "conv circular filters 2 size 4 6 unit_norm", "dense relu", "output 1");

        var architecture = (CircularCnnArchitecture)network.Architecture;
        Assert.Multiple(() =>
        {
            Assert.That(network.Input.FeatureCount, Is.EqualTo(72));
            AssertConv(architecture.Convs.Single(), ConvKind.Circular, 2, [4, 6], 1, unitNorm: true, relu: false);
        });
    }

    [Test]
    public void SquareSizeOnASquareImageIsTheFullCircularFilter()
    {
        var network = Accepted("input image 5 5", "conv circular filters 2 size 5 unit_norm", "dense relu", "output 1");

        Assert.That(((CircularCnnArchitecture)network.Architecture).Convs[0].Size, Is.EqualTo(new[] { 5, 5 }));
    }

    [TestCase("relaxation", 0)]
    [TestCase("relaxation", 4)]
    public void SeveralCircularLayersAreAcceptedUnderRelaxation(string relaxation, int at)
    {
        string[] lines = ["input signal 8", "conv circular filters 4 size 8 unit_norm", "conv circular filters 3 size 8 unit_norm",
            "dense relu", "output 1"];
        var network = Accepted([.. lines[..at], relaxation, .. lines[at..]]);

        var architecture = (CircularCnnArchitecture)network.Architecture;
        Assert.Multiple(() =>
        {
            Assert.That(network.Relaxation, Is.True);
            Assert.That(architecture.Relu, Is.True);
            Assert.That(architecture.Convs.Select(c => c.Filters), Is.EqualTo(new[] { 4, 3 }));
            Assert.That(architecture.Depth, Is.EqualTo(4));
            Assert.That(architecture.Width, Is.EqualTo(4));
            Assert.That(network.Hidden, Has.Length.EqualTo(3));
        });
        Assert.That(LoadNetwork([.. lines[..at], relaxation, .. lines[at..]]).Diagnostics, Is.Empty);
    }

    [Test]
    public void CircularConvStraightToOutputIsTheLinearCircularCnn()
    {
        var network = Accepted("input signal 16 channels 2", "conv circular filters 3 size 16 stride 1", "output 1");

        var architecture = (CircularCnnArchitecture)network.Architecture;
        Assert.Multiple(() =>
        {
            Assert.That(architecture.Relu, Is.False);
            AssertConv(architecture.Convs.Single(), ConvKind.Circular, 3, [16], 1, unitNorm: false, relu: false);
            Assert.That(architecture.Depth, Is.EqualTo(2));
            Assert.That(network.Hidden, Is.EqualTo(new LayerSpec[] { architecture.Convs[0] }));
        });
    }

    [TestCase("conv local filters 4 size 3 stride 2 unit_norm relu", ConvKind.Local)]
    [TestCase("conv filters 4 size 3 stride 2 relu unit_norm", ConvKind.Shared)]
    public void NormConstrainedReluConvThenDenseReluIsTheThreeLayerCnn(string conv, ConvKind kind)
    {
        var network = Accepted("input signal 16", conv, "dense relu", "output 1");

        var architecture = (ThreeLayerCnnArchitecture)network.Architecture;
        Assert.Multiple(() =>
        {
            AssertConv(architecture.Conv, kind, 4, [3], 2, unitNorm: true, relu: true);
            Assert.That(architecture.Width, Is.EqualTo(4));
            Assert.That(network.Hidden[1], Is.TypeOf<DenseReluLayerSpec>());
            Assert.That(network.Relaxation, Is.False);
        });
    }

    [Test]
    public void SharedThreeLayerCnnMayAlsoSayRelaxationWithoutAWarning()
    {
        var result = LoadNetwork("input image 6 6", "conv filters 2 size 3 unit_norm relu", "dense relu", "output 1", "relaxation");

        Assert.That(result.Diagnostics, Is.Empty, () => Describe(result));
        Assert.That(result.Model!.Network.Relaxation, Is.True);
    }

    [TestCase(new[] { "input bias", "relu 8", "output 1", "relaxation" }, 7)]
    [TestCase(new[] { "relaxation", "input signal 8", "conv circular filters 2 size 8 unit_norm", "dense relu", "output 1" }, 4)]
    [TestCase(new[] { "input signal 8", "conv circular filters 2 size 8", "relaxation", "output 1" }, 6)]
    [TestCase(new[] { "input signal 8", "conv filters 2 size 3 relu", "pool sum", "output 1", "relaxation" }, 8)]
    [TestCase(new[] { "input signal 8", "conv local filters 2 size 3 unit_norm relu", "dense relu", "relaxation", "output 1" }, 7)]
    public void RelaxationOnAnExactNetworkIsAWarning(string[] lines, int line)
    {
        var result = LoadNetwork(lines);

        AssertOnlyErrors(result);
        AssertDiagnostic(result, DiagnosticIds.IneffectiveRelaxation, line, 5, "'relaxation' has no effect: the program for this network is exact");
        Assert.That(Single(result, DiagnosticIds.IneffectiveRelaxation).Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(result.Model!.Network.Relaxation, Is.True);
    }

    [Test]
    public void NetworkOnOneLineWithSemicolons()
    {
        var result = Load(Model(["data \"d.csv\" target y",
            "network { input image 3 3 channels 2; conv circular filters 2 size 3 3 unit_norm; dense relu; output 1 }",
            "loss hinge", "regularize weight_decay 0.1"]));

        AssertOnlyErrors(result);
        Assert.That(result.Model!.Network.Architecture, Is.TypeOf<CircularCnnArchitecture>());
        Assert.That(result.Model.Network.Input.FeatureCount, Is.EqualTo(18));
    }

    private static void AssertConv(ConvLayerSpec conv, ConvKind kind, int filters, int[] size, int stride, bool unitNorm, bool relu)
    {
        Assert.That((conv.Kind, conv.Filters, conv.Size.ToArray(), conv.Stride, conv.UnitNorm, conv.Relu),
            Is.EqualTo((kind, filters, size, stride, unitNorm, relu)));
    }
}
