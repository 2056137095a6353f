using ConicDsl.Dsl.Diagnostics;
using NUnit.Framework;
using static ConicDsl.Tests.Dsl.DslTestSupport;
using static ConicDsl.Tests.Dsl.NetworkTestSupport;

namespace ConicDsl.Tests.Dsl;

/// <summary>
/// Every way a convolutional network block is refused: the id, where (line:column of the offending word), and
/// that the message says what is wrong. The block starts on line 4; its lines start at column 5.
/// </summary>
public class NetworkRefusalTests
{
    private static void AssertRefused(string[] lines, int line, int column, string fragment, string id = DiagnosticIds.UnsupportedNetwork)
    {
        var result = LoadNetwork(lines);

        AssertDiagnostic(result, id, line, column, fragment);
        Assert.That(result.Model, Is.Null);
        Assert.That(result.Diagnostics.Where(d => d.IsError).Select(d => d.Id).Distinct(), Is.EqualTo(new[] { id }),
            () => Describe(result));
    }

    [Test]
    public void ConvPoolAndDenseNeedASignalOrImageInput()
    {
        var result = LoadNetwork("input bias", "conv filters 4 size 3 relu", "pool sum", "output 1");

        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 5, 5, "'conv' needs 'input signal …' or 'input image …'");
        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 6, 5, "'pool' needs 'input signal …' or 'input image …'");
        AssertOnlyErrors(result, DiagnosticIds.UnsupportedNetwork, DiagnosticIds.UnsupportedNetwork);
    }

    [Test]
    public void DenseWithAVectorInput() =>
        AssertRefused(["input", "relu 4", "dense relu", "output 1"], 6, 5, "'dense' needs 'input signal …'");

    [TestCase("input signal 8 bias", 20)]
    [TestCase("input image 4 4 channels 3 bias unregularized", 32)]
    public void BiasIsOnlyForVectorInputs(string input, int column) =>
        AssertRefused([input, "conv filters 2 size 3 relu", "pool sum", "output 1"], 4, column,
            "'bias' is only allowed on a plain vector input");

    [Test]
    public void FullyConnectedReluLayerNeedsAVectorInput() =>
        AssertRefused(["input signal 8", "relu 4", "output 1"], 5, 5,
            "a fully connected 'relu M' layer needs a plain vector input ('input' or 'input bias'); this network's input is a signal");

    [Test]
    public void ConvolutionalNetworkWithoutHiddenLayer() =>
        AssertRefused(["input image 3 3", "output 1"], 3, 3, "the network has no hidden layer; add a 'conv' layer after 'input'");

    [TestCase("pool sum")]
    [TestCase("dense relu")]
    public void PoolAndDenseMustFollowAConv(string layer) =>
        AssertRefused(["input signal 8", layer, "output 1"], 5, 5, $"'{layer.Split(' ')[0]}' must follow a 'conv' layer");

    [Test]
    public void OnlyOneLayerMayFollowTheConvLayers() =>
        AssertRefused(["input signal 8", "conv filters 2 size 3 relu", "pool sum", "dense relu", "output 1"], 7, 5,
            "'dense' cannot follow 'pool'");

    [Test]
    public void ConvAfterPool() =>
        AssertRefused(["input signal 8", "conv filters 2 size 3 relu", "pool sum", "conv filters 2 size 3 relu", "output 1"],
            7, 5, "'conv' cannot follow 'pool'");

    [Test]
    public void GeneralRefusalHintNamesEverySupportedShape()
    {
        var result = LoadNetwork("input signal 8", "pool sum", "output 1");

        var hint = Single(result, DiagnosticIds.UnsupportedNetwork).Hint;
        Assert.Multiple(() =>
        {
            Assert.That(hint, Does.Contain("conv filters M size K [stride S] relu; pool sum|mean|max; output 1"));
            Assert.That(hint, Does.Contain("conv circular filters M size FULL unit_norm; dense relu; output 1"));
            Assert.That(hint, Does.Contain("conv circular filters M size FULL; output 1"));
            Assert.That(hint, Does.Contain("conv [local] filters M size K [stride S] unit_norm relu; dense relu; output 1"));
        });
    }

    // Two-layer CNN (math.md §4)

    [Test]
    public void TwoLayerCnnNeedsRelu()
    {
        AssertRefused(["input signal 8", "conv filters 2 size 3", "pool sum", "output 1"], 5, 5,
            "the two-layer CNN needs 'relu' on its conv layer");
        var hint = Single(LoadNetwork("input signal 8", "conv filters 2 size 3", "pool sum", "output 1"), DiagnosticIds.UnsupportedNetwork).Hint;
        Assert.That(hint, Does.Contain("conv filters M size K [stride S] relu; pool sum|mean|max; output 1"));
    }

    [Test]
    public void TwoLayerCnnRefusesUnitNorm() =>
        AssertRefused(["input signal 8", "conv filters 4 size 3 unit_norm relu", "pool sum", "output 1"], 5, 27,
            "'unit_norm' is not allowed in the two-layer CNN: its filters are penalised by the weight decay");

    [TestCase("local")]
    [TestCase("circular")]
    public void TwoLayerCnnHasASharedFilter(string kind) =>
        AssertRefused(["input signal 8", $"conv {kind} filters 4 size 3 relu", "pool max", "output 1"], 5, 10,
            $"'conv {kind}' cannot be followed by 'pool'");

    [Test]
    public void TwoLayerCnnHasOneConvLayer() =>
        AssertRefused(["input signal 8", "conv circular filters 2 size 8 unit_norm", "conv circular filters 2 size 8 unit_norm",
            "pool sum", "output 1"], 6, 5, "the two-layer CNN has one conv layer before 'pool', found 2");

    [TestCase("input signal 4", "size 5", 25, "the filter size 5 is larger than the signal's length 4")]
    [TestCase("input image 4 6", "size 3 7", 27, "the filter width 7 is larger than the image's width 6")]
    [TestCase("input image 4 6", "size 5 2", 25, "the filter height 5 is larger than the image's height 4")]
    [TestCase("input image 4 6", "size 5", 25, "the filter size 5 is larger than the image's height 4")]
    public void FilterMustFitTheInput(string input, string size, int column, string fragment)
    {
        AssertRefused([input, $"conv filters 2 {size} relu", "pool sum", "output 1"], 5, column, fragment);
        var result = LoadNetwork(input, $"conv filters 2 {size} relu", "pool sum", "output 1");
        Assert.That(result.Diagnostics, Has.Length.EqualTo(1), () => Describe(result));
    }

    [Test]
    public void SignalFilterHasOneSize() =>
        AssertRefused(["input signal 8", "conv filters 2 size 3 3 relu", "pool sum", "output 1"], 5, 27,
            "a filter on a signal has one size, found two ('size 3 3')");

    // Counts

    [TestCase("input signal 0", 4, 18, "the signal's length must be at least 1, found '0'")]
    [TestCase("input image 4 -2", 4, 19, "the image's width must be at least 1, found '-2'")]
    [TestCase("input signal 8 channels 0", 4, 29, "the number of channels must be at least 1")]
    public void InputShapeNumbersArePositive(string input, int line, int column, string fragment) =>
        AssertRefused([input, "conv filters 2 size 1 relu", "pool sum", "output 1"], line, column, fragment, DiagnosticIds.NonPositiveCount);

    [TestCase("input image 2.5 4", 4, 17, "the image's height must be a whole number, found '2.5'")]
    [TestCase("input signal 8 channels 2.0", 4, 29, "the number of channels must be a whole number, found '2.0'")]
    public void InputShapeNumbersAreWhole(string input, int line, int column, string fragment) =>
        AssertRefused([input, "conv filters 2 size 1 relu", "pool sum", "output 1"], line, column, fragment, DiagnosticIds.NonIntegerCount);

    [TestCase("conv filters 0 size 3 relu", 18, "the number of filters must be at least 1, found '0'")]
    [TestCase("conv filters 2 size 0 relu", 25, "the filter size must be at least 1, found '0'")]
    [TestCase("conv filters 2 size 3 stride 0 relu", 34, "the stride must be at least 1, found '0'")]
    public void ConvCountsArePositive(string conv, int column, string fragment) =>
        AssertRefused(["input signal 8", conv, "pool sum", "output 1"], 5, column, fragment, DiagnosticIds.NonPositiveCount);

    [Test]
    public void FilterCountIsWhole() =>
        AssertRefused(["input signal 8", "conv filters 1.5 size 3 relu", "pool sum", "output 1"], 5, 18,
            "the number of filters must be a whole number, found '1.5'", DiagnosticIds.NonIntegerCount);

    [Test]
    public void HugeInputIsRefusedNotOverflowed() =>
        AssertRefused(["input image 100000 100000 channels 3", "conv filters 2 size 3 relu", "pool sum", "output 1"], 4, 11,
            "the input has more than 2147483647 values per sample");

    // Circular CNN (math.md §5.5, §5.6)

    [Test]
    public void CircularFilterMustCoverTheWholeSignal()
    {
        AssertRefused(["input signal 8", "conv circular filters 2 size 3 unit_norm", "dense relu", "output 1"], 5, 34,
            "a circular filter must cover the whole signal (8), found size 3: shorter circular filters have no exact convex program (math.md §5.5, scope limit 1)");
    }

    [TestCase("size 4 5", 36, "found size 4 5")]
    [TestCase("size 3 6", 34, "found size 3 6")]
    [TestCase("size 4", 34, "found size 4 4")]
    public void CircularFilterMustCoverTheWholeImage(string size, int column, string fragment)
    {
        AssertRefused(["input image 4 6", $"conv circular filters 2 {size} unit_norm", "dense relu", "output 1"], 5, column,
            "a circular filter must cover the whole image (4 6, height and width)");
        AssertRefused(["input image 4 6", $"conv circular filters 2 {size} unit_norm", "dense relu", "output 1"], 5, column, fragment);
    }

    [Test]
    public void CircularConvBeforeDenseReluNeedsUnitNorm()
    {
        AssertRefused(["input signal 8", "conv circular filters 2 size 8", "dense relu", "output 1"], 5, 5,
            "a circular conv layer before 'dense relu' needs 'unit_norm'");
        var diagnostic = Single(LoadNetwork("input signal 8", "conv circular filters 2 size 8", "dense relu", "output 1"),
            DiagnosticIds.UnsupportedNetwork);
        Assert.That(diagnostic.Message, Does.Contain("non-convex ℓ_{2/3}").And.Contain("scope limit 2"));
    }

    [Test]
    public void CircularConvTakesNoRelu() =>
        AssertRefused(["input signal 8", "conv circular filters 2 size 8 unit_norm relu", "dense relu", "output 1"], 5, 46,
            "'relu' is not allowed on a circular conv layer: the circular CNN has its one ReLU in 'dense relu'");

    [Test]
    public void CircularConvHasStrideOne() =>
        AssertRefused(["input signal 8", "conv circular filters 2 size 8 stride 2 unit_norm", "dense relu", "output 1"], 5, 43,
            "its stride is 1, found 'stride 2'");

    [Test]
    public void SeveralCircularLayersWithoutRelaxationAreALowerBoundAndRefused()
    {
        string[] lines = ["input signal 8", "conv circular filters 2 size 8 unit_norm", "conv circular filters 2 size 8 unit_norm",
            "dense relu", "output 1"];
        AssertRefused(lines, 6, 5, "with 2 circular conv layers the network has L = 4 layers");

        var diagnostic = Single(LoadNetwork(lines), DiagnosticIds.UnsupportedNetwork);
        Assert.Multiple(() =>
        {
            Assert.That(diagnostic.Message, Does.Contain("only a lower bound").And.Contain("math.md §5.6"));
            Assert.That(diagnostic.Hint, Does.Contain("add the line 'relaxation' to the network block"));
        });
    }

    [Test]
    public void EveryStackedCircularLayerIsChecked()
    {
        var result = LoadNetwork("input signal 8", "relaxation", "conv circular filters 2 size 8 unit_norm",
            "conv circular filters 2 size 4", "dense relu", "output 1");

        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 7, 5, "needs 'unit_norm'");
        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 7, 34, "a circular filter must cover the whole signal");
        Assert.That(result.Model, Is.Null);
    }

    // Linear circular CNN (math.md §5.4)

    [Test]
    public void LinearCircularCnnRefusesUnitNorm() =>
        AssertRefused(["input signal 8", "conv circular filters 2 size 8 unit_norm", "output 1"], 5, 36,
            "'unit_norm' is not allowed in the linear circular CNN: there weight decay acts on both layers");

    [Test]
    public void LinearCircularCnnRefusesRelu() =>
        AssertRefused(["input signal 8", "conv circular filters 2 size 8 relu", "output 1"], 5, 36,
            "the linear circular CNN (math.md §5.4) has no ReLU");

    [Test]
    public void LinearCircularFilterCoversTheWholeInput() =>
        AssertRefused(["input signal 8", "conv circular filters 2 size 7", "output 1"], 5, 34, "a circular filter must cover the whole signal");

    [Test]
    public void DeepLinearCircularCnnIsRefused() =>
        AssertRefused(["input signal 8", "conv circular filters 2 size 8", "conv circular filters 2 size 8", "output 1"], 6, 5,
            "a deep linear circular CNN");

    [TestCase("conv filters 2 size 3 relu")]
    [TestCase("conv local filters 2 size 3 unit_norm relu")]
    public void NonCircularConvStraightToOutputIsRefused(string conv) =>
        AssertRefused(["input signal 8", conv, "output 1"], 5, 5,
            "that is not circular must be followed by 'pool sum|mean|max' (two-layer CNN) or 'dense relu' (three-layer CNN)");

    [Test]
    public void OnlyCircularConvsStack() =>
        AssertRefused(["input signal 8", "conv circular filters 2 size 8 unit_norm", "conv filters 2 size 3 unit_norm relu",
            "dense relu", "output 1"], 6, 5, "only circular conv layers may be stacked");

    // Three-layer CNN (math.md §6)

    [TestCase("conv local filters 2 size 3 relu", "the three-layer CNN needs 'unit_norm' on its conv layer")]
    [TestCase("conv filters 2 size 3 unit_norm", "the three-layer CNN needs 'relu' on its conv layer")]
    public void ThreeLayerCnnNeedsUnitNormAndRelu(string conv, string fragment) =>
        AssertRefused(["input signal 8", conv, "dense relu", "output 1"], 5, 5, fragment);

    [Test]
    public void ThreeLayerCnnMissingBothReportsBoth()
    {
        var result = LoadNetwork("input signal 8", "conv local filters 2 size 3", "dense relu", "output 1");

        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 5, 5, "needs 'unit_norm'");
        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 5, 5, "needs 'relu'");
    }

    [Test]
    public void ThreeLayerFilterMustFit() =>
        AssertRefused(["input image 3 3", "conv local filters 2 size 2 4 unit_norm relu", "dense relu", "output 1"], 5, 33,
            "the filter width 4 is larger than the image's width 3");

    // Block structure

    [Test]
    public void VectorOutputsStayRefusedForCnns() =>
        AssertRefused(["input signal 8", "conv filters 2 size 3 relu", "pool sum", "output 2"], 7, 12,
            "vector outputs (output 2) are lowered for the fully connected ReLU network only");

    [Test]
    public void RelaxationAtMostOnce()
    {
        var result = LoadNetwork("relaxation", "input bias", "relu 3", "output 1", "relaxation");

        AssertDiagnostic(result, DiagnosticIds.DuplicateStatement, 8, 5, "duplicate 'relaxation'; a network block says it at most once");
        Assert.That(Single(result, DiagnosticIds.DuplicateStatement).Hint, Does.Contain("line 4"));
        Assert.That(result.Model, Is.Null);
    }

    [Test]
    public void InputMustStillComeFirst()
    {
        var result = LoadNetwork("conv filters 2 size 3 relu", "input signal 8", "pool sum", "output 1");

        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 4, 5, "the network must start with 'input', found 'conv'");
        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 5, 5, "'input' must be the first layer and appear once");
        Assert.That(result.Model, Is.Null);
    }

    [Test]
    public void ResolvedArchitectureIsNotBuiltFromABrokenLine()
    {
        var result = LoadNetwork("input signal 8", "conv filters 2 size x relu", "pool sum", "output 1");

        AssertOnlyErrors(result, DiagnosticIds.BadNumber);
    }
}
