using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Parsing;
using ConicDsl.Dsl.Syntax;
using NUnit.Framework;
using static ConicDsl.Tests.Dsl.DslTestSupport;
using static ConicDsl.Tests.Dsl.NetworkTestSupport;

namespace ConicDsl.Tests.Dsl;

/// <summary>The convolutional lines of a network block as the parser reads them, and their syntax errors.</summary>
public class NetworkSyntaxTests
{
    private static NetworkSyntax ParseNetwork(params string[] lines)
    {
        var parsed = CnnParser.Parse(TestPath, WithNetwork(lines));
        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics.Select(d => d.Format())));
        return parsed.Syntax!.Statements.OfType<NetworkSyntax>().Single();
    }

    [Test]
    public void ConvLineKeepsEveryWordWithItsSpan()
    {
        var network = ParseNetwork("input signal 16", "conv local filters 4 size 3 stride 2 unit_norm relu  # comment", "dense relu",
            "output 1");

        var conv = (ConvLayerSyntax)network.Layers[1];
        Assert.Multiple(() =>
        {
            Assert.That((conv.Span.Line, conv.Span.Column, conv.Span.Length), Is.EqualTo((5, 5, 51)));
            Assert.That(conv.Kind!.Text, Is.EqualTo("local"));
            Assert.That(conv.Filters.Text, Is.EqualTo("4"));
            Assert.That(conv.Size.Select(s => s.Text), Is.EqualTo(new[] { "3" }));
            Assert.That(conv.Options.Select(o => o.Keyword.Text), Is.EqualTo(new[] { "stride", "unit_norm", "relu" }));
            Assert.That((conv.Stride!.Span.Column, conv.Stride.Span.Length, conv.Stride.Value!.Text), Is.EqualTo((33, 8, "2")));
            Assert.That(conv.UnitNorm!.Span.Column, Is.EqualTo(42));
            Assert.That(conv.Relu!.Span.Column, Is.EqualTo(52));
            Assert.That(network.Layers[2], Is.TypeOf<DenseLayerSyntax>());
        });
    }

    [Test]
    public void InputShapesAreParsed()
    {
        var signal = (InputLayerSyntax)ParseNetwork("input signal 16 channels 2", "relu 2", "output 1").Layers[0];
        var image = (InputLayerSyntax)ParseNetwork("input image 28 32", "relu 2", "output 1").Layers[0];
        var vector = (InputLayerSyntax)ParseNetwork("input bias", "relu 2", "output 1").Layers[0];

        Assert.Multiple(() =>
        {
            Assert.That(signal.Shape!.Keyword.Text, Is.EqualTo("signal"));
            Assert.That(signal.Shape.Dimensions.Select(d => d.Text), Is.EqualTo(new[] { "16" }));
            Assert.That(signal.Shape.Channels!.Text, Is.EqualTo("2"));
            Assert.That((signal.Shape.Span.Column, signal.Shape.Span.Length), Is.EqualTo((11, 20)));
            Assert.That(image.Shape!.IsImage, Is.True);
            Assert.That(image.Shape.Dimensions.Select(d => d.Text), Is.EqualTo(new[] { "28", "32" }));
            Assert.That(image.Shape.Channels, Is.Null);
            Assert.That(vector.Shape, Is.Null);
            Assert.That(vector.Bias!.Text, Is.EqualTo("bias"));
        });
    }

    [Test]
    public void KeywordsAreStillUsableAsColumnNames()
    {
        var result = Load(Model(["data \"d.csv\" target max features signal, image, pool", "network { input; relu 2; output 1 }",
            "loss squared", "regularize weight_decay 0.1"]));

        AssertOnlyErrors(result);
        Assert.That(result.Model!.Data.Target.Name, Is.EqualTo("max"));
    }

    [TestCase("conv filters 2 size 3 relu stride 1 relu", 41, "'relu' is given twice in one 'conv' layer")]
    [TestCase("conv filters 2 size 3 stride 1 unit_norm stride 2", 46, "'stride' is given twice in one 'conv' layer")]
    [TestCase("conv filters 2 size 3 unit_norm unit_norm", 37, "'unit_norm' is given twice in one 'conv' layer")]
    [TestCase("pool avg", 10, "expected 'sum', 'mean' or 'max' after 'pool', found 'avg'")]
    [TestCase("pool maxx", 10, "expected 'sum', 'mean' or 'max' after 'pool', found 'maxx'; did you mean 'max'?")]
    [TestCase("pool", 9, "expected 'sum', 'mean' or 'max' after 'pool', found the end of the line")]
    [TestCase("dense", 10, "expected 'relu' after 'dense', found the end of the line")]
    [TestCase("dense 4", 11, "expected 'relu' after 'dense', found '4'")]
    [TestCase("conv circlar filters 2 size 3", 10, "expected 'filters' after 'conv', found 'circlar'; did you mean 'circular'?")]
    [TestCase("conv circular size 3", 19, "expected 'filters' after 'conv circular', found 'size'")]
    [TestCase("conv filters 2 relu", 20, "expected 'size' after the number of filters, found 'relu'")]
    [TestCase("conv filters 2 size 3 strid 2", 27, "unexpected 'strid' after the 'conv' layer; did you mean 'stride'?")]
    [TestCase("conv filters 2 size 3 relu pool sum", 32, "unexpected 'pool' after the 'conv' layer")]
    [TestCase("relaxation please", 16, "unexpected 'please' after 'relaxation'")]
    public void SyntaxErrors(string line, int column, string fragment)
    {
        var result = LoadNetwork("input signal 8", line, "output 1");

        // A line that parsed but has trailing words is kept, so the checker may judge the network as well.
        AssertDiagnostic(result, DiagnosticIds.SyntaxError, 5, column, fragment);
        Assert.That(result.Diagnostics.Count(d => d.Id == DiagnosticIds.SyntaxError), Is.EqualTo(1), () => Describe(result));
        Assert.That(result.Model, Is.Null);
    }

    [Test]
    public void MisplacedKeywordIsNotSuggestedAsItsOwnSpelling()
    {
        var result = LoadNetwork("input signal 8 channels 2 image 3", "conv filters 2 size 3 relu", "pool sum", "output 1");

        var diagnostic = Single(result, DiagnosticIds.SyntaxError);
        Assert.That((diagnostic.Span.Line, diagnostic.Span.Column), Is.EqualTo((4, 31)));
        Assert.That(diagnostic.Message, Is.EqualTo("unexpected 'image' after the 'input' layer"));
    }

    [TestCase("conv filters size 3", 18, "expected a number after 'filters' (how many filters the layer has), found 'size'")]
    [TestCase("conv filters 2 size", 24, "expected a number after 'size' (the filter's size), found the end of the line")]
    [TestCase("conv filters 2 size 3 stride relu", 34, "expected a number after 'stride', found 'relu'")]
    [TestCase("conv filters 2 size 3 3x relu", 27, "'3x' is not a valid number")]
    public void BadNumbersInAConvLine(string line, int column, string fragment)
    {
        var result = LoadNetwork("input signal 8", line, "output 1");

        AssertDiagnostic(result, DiagnosticIds.BadNumber, 5, column, fragment);
        AssertOnlyErrors(result, DiagnosticIds.BadNumber);
    }

    [TestCase("input signal", 17, "expected the signal's length after 'signal', found the end of the line")]
    [TestCase("input image 4", 18, "expected the image's width after its height, found the end of the line")]
    [TestCase("input image x 4", 17, "expected the image's height after 'image', found 'x'")]
    [TestCase("input signal 8 channels", 28, "expected a number after 'channels' (the number of input channels)")]
    public void BadNumbersInAnInputLine(string line, int column, string fragment)
    {
        var result = LoadNetwork(line, "conv filters 2 size 1 relu", "pool sum", "output 1");

        AssertDiagnostic(result, DiagnosticIds.BadNumber, 4, column, fragment);
        AssertOnlyErrors(result, DiagnosticIds.BadNumber);
    }

    [Test]
    public void RelaxationAtTheModelLevelIsPointedIntoTheNetworkBlock()
    {
        var result = Load(Model([.. Valid, "relaxation"]));

        AssertDiagnostic(result, DiagnosticIds.UnknownStatement, 10, 3, "'relaxation' belongs inside the network block");
    }

    [Test]
    public void UnknownLayerSuggestsTheNewLayers()
    {
        var result = LoadNetwork("input signal 8", "comv filters 2 size 3 relu", "pool sum", "output 1");

        AssertDiagnostic(result, DiagnosticIds.UnknownLayer, 5, 5, "unknown layer 'comv'; did you mean 'conv'?");
        Assert.That(Single(result, DiagnosticIds.UnknownLayer).Hint, Does.Contain("pool sum|mean|max, dense relu"));
    }

    [Test]
    public void NetworkWithoutBraceStillReadsItsLines()
    {
        var result = Load(Model(["data \"d.csv\" target y", "network", "  relaxation", "  input signal 8", "  conv filters 2 size 3 relu",
            "  pool sum", "  output 1", "loss squared"]));

        AssertDiagnostic(result, DiagnosticIds.SyntaxError, 4, 5, "expected '{' after 'network', found 'relaxation'");
        AssertOnlyErrors(result, DiagnosticIds.SyntaxError);
    }
}
