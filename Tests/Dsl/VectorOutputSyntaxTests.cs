using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;
using NUnit.Framework;
using static ConicDsl.Tests.Dsl.DslTestSupport;

namespace ConicDsl.Tests.Dsl;

/// <summary><c>output C</c> (math.md §7) and <c>target a, b, c</c>: accepted for the fully connected ReLU network under
/// <c>relaxation</c>; every mismatch is a located diagnostic.</summary>
public class VectorOutputSyntaxTests
{
    private static string[] Network(string input, string output, bool relaxation = true) =>
        ["network {", $"  {input}", "  relu 8", $"  {output}", .. relaxation ? new[] { "  relaxation" } : [], "}"];

    private static FrontEndResult LoadVector(string data, string loss = "loss squared", string input = "input bias",
        string output = "output 3", bool relaxation = true) =>
        Load(Model([data, .. Network(input, output, relaxation), loss, "regularize weight_decay 0.01"]));

    [Test]
    public void OneClassColumnAndThreeOutputsIsTheVectorFamily()
    {
        var result = LoadVector("data \"d.csv\" target species");
        AssertOnlyErrors(result);
        var network = result.Model!.Network;
        Assert.That(network.Outputs, Is.EqualTo(3));
        Assert.That(network.Architecture, Is.EqualTo(new VectorOutputArchitecture((ReluLayerSpec)network.Hidden.Single(), 3)));
        Assert.That(network.Relaxation, Is.True);
        Assert.That(result.Diagnostics.Select(d => d.Id), Does.Not.Contain(DiagnosticIds.IneffectiveRelaxation));
    }

    [Test]
    public void SeveralTargetColumnsAreKeptInOrder()
    {
        var result = LoadVector("data \"d.csv\" target a, \"b c\", d features x1, x2 standardize");
        AssertOnlyErrors(result);
        var data = result.Model!.Data;
        Assert.That(data.TargetColumns.Select(c => c.Name), Is.EqualTo(new[] { "a", "b c", "d" }));
        Assert.That(data.Features.Select(c => c.Name), Is.EqualTo(new[] { "x1", "x2" }));
        Assert.That(data.Standardize, Is.True);
    }

    [Test]
    public void TargetColumnsMustMatchTheOutputs() =>
        AssertDiagnostic(LoadVector("data \"d.csv\" target a, b"), DiagnosticIds.OutputTargetMismatch, 2, 26,
            "the data statement names 2 target columns but the network has 3 output(s)");

    [Test]
    public void SeveralTargetsWithOneOutputAreRefused() =>
        AssertDiagnostic(LoadVector("data \"d.csv\" target a, b", output: "output 1", relaxation: false),
            DiagnosticIds.OutputTargetMismatch, 2, 26, "names 2 target columns but the network has 1 output(s)");

    [Test]
    public void ATargetTwiceOrAsAFeatureIsRefused()
    {
        AssertDiagnostic(LoadVector("data \"d.csv\" target a, b, a"), DiagnosticIds.DuplicateColumnReference, 2, 29,
            "column 'a' is listed twice among the targets");
        AssertDiagnostic(LoadVector("data \"d.csv\" target a, b, c features b"), DiagnosticIds.DuplicateColumnReference, 2, 40,
            "the target column 'b' is also listed as a feature");
    }

    [Test]
    public void TrailingCommaAfterATargetIsASyntaxError() =>
        AssertDiagnostic(LoadVector("data \"d.csv\" target a,"), DiagnosticIds.SyntaxError, 2, 25,
            "expected a target column's name after ','");

    [Test]
    public void WithoutRelaxationTheCopositiveProgramIsNamed() =>
        AssertDiagnostic(LoadVector("data \"d.csv\" target y", relaxation: false), DiagnosticIds.UnsupportedNetwork, 6, 12,
            "the exact convex program is copositive (math.md §7.1) and not tractable");

    [Test]
    public void UnregularizedBiasIsRefused() =>
        AssertDiagnostic(LoadVector("data \"d.csv\" target y", input: "input bias unregularized"), DiagnosticIds.UnsupportedNetwork,
            4, 5, "vector outputs need 'input' or 'input bias'");

    [TestCase("loss hinge")]
    [TestCase("loss absolute")]
    [TestCase("loss huber delta 0.5")]
    public void EntrywiseLossesAreAccepted(string loss) => AssertOnlyErrors(LoadVector("data \"d.csv\" target y", loss));

    [Test]
    public void CrossEntropyIsNotALossHere() =>
        AssertDiagnostic(LoadVector("data \"d.csv\" target y", "loss cross_entropy"), DiagnosticIds.UnknownLoss, 9, 8,
            "unknown loss 'cross_entropy'");
}

/// <summary><c>relaxation tight</c>: math.md §7.2(2) for vector outputs, refused elsewhere.</summary>
public class TightRelaxationSyntaxTests
{
    [Test]
    public void TightRelaxationMarksTheVectorFamily()
    {
        var result = Load(Model("data \"d.csv\" target y", "network {", "  input bias", "  relu 8", "  output 3",
            "  relaxation tight", "}", "loss squared", "regularize weight_decay 0.01"));
        AssertOnlyErrors(result);
        Assert.That(((VectorOutputArchitecture)result.Model!.Network.Architecture).Tightened, Is.True);
    }

    [Test]
    public void TightRelaxationElsewhereIsRefusedAtTheWord()
    {
        var result = Load(Model("data \"d.csv\" target y", "network {", "  input signal 8", "  conv filters 2 size 3 unit_norm relu",
            "  dense relu", "  output 1", "  relaxation tight", "}", "loss squared", "regularize weight_decay 0.01"));
        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 8, 16, "'relaxation tight' (math.md §7.2(2)) applies to vector outputs only");
    }
}

/// <summary><c>regularize weight_decay_l1_output β</c>: math.md §7.4's exact program for vector outputs.</summary>
public class L1OutputRegularizerSyntaxTests
{
    private static FrontEndResult LoadL1(string output, params string[] extra) =>
        Load(Model(["data \"d.csv\" target y", "network {", "  input bias", "  relu 8", $"  {output}", .. extra, "}",
            "loss squared", "regularize weight_decay_l1_output 0.01"]));

    [Test]
    public void VectorOutputsNeedNoRelaxation()
    {
        var result = LoadL1("output 3");
        AssertOnlyErrors(result);
        Assert.That(result.Model!.Regularizer.Kind, Is.EqualTo(RegularizerKind.WeightDecayL1Output));
        Assert.That(((VectorOutputArchitecture)result.Model.Network.Architecture).L1Output, Is.True);
    }

    [Test]
    public void RelaxationHasNoEffectAndTightIsRefused()
    {
        Assert.That(LoadL1("output 3", "  relaxation").Diagnostics.Select(d => d.Id), Does.Contain(DiagnosticIds.IneffectiveRelaxation));
        AssertDiagnostic(LoadL1("output 3", "  relaxation tight"), DiagnosticIds.UnsupportedNetwork, 7, 16,
            "'relaxation tight' has nothing to tighten");
    }

    [Test]
    public void WithOneOutputItIsRefusedAsPlainWeightDecay() =>
        AssertDiagnostic(LoadL1("output 1"), DiagnosticIds.UnknownRegularizer, 9, 3,
            "'weight_decay_l1_output' is for vector outputs");
}
