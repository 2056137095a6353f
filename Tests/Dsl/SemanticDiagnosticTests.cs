using ConicDsl.Dsl.Diagnostics;
using NUnit.Framework;
using static ConicDsl.Tests.Dsl.DslTestSupport;

namespace ConicDsl.Tests.Dsl;

/// <summary>One test (at least) per semantic diagnostic id, asserting id, line, column and wording.</summary>
public class SemanticDiagnosticTests
{
    [Test]
    public void MissingStatementsAreReportedAtTheModelName()
    {
        var result = Load("model empty {\n}\n");

        AssertDiagnostic(result, DiagnosticIds.MissingStatement, 1, 7, "model 'empty' has no 'data' statement");
        AssertDiagnostic(result, DiagnosticIds.MissingStatement, 1, 7, "model 'empty' has no 'network' statement");
        AssertDiagnostic(result, DiagnosticIds.MissingStatement, 1, 7, "model 'empty' has no 'loss' statement");
        Assert.That(result.Model, Is.Null);
    }

    [Test]
    public void DuplicateStatementIsReportedAtTheSecondWithTheFirstsLine()
    {
        var result = Load(Model([.. Valid, "loss hinge"]));

        AssertDiagnostic(result, DiagnosticIds.DuplicateStatement, 10, 3, "duplicate 'loss' statement");
        Assert.That(Single(result, DiagnosticIds.DuplicateStatement).Hint, Does.Contain("line 8"));
    }

    [Test]
    public void NegativeBeta()
    {
        var result = Load(Model([.. Valid[..7], "regularize weight_decay -0.1"]));

        AssertDiagnostic(result, DiagnosticIds.NegativeBeta, 9, 27, "must not be negative, found '-0.1'");
        AssertOnlyErrors(result, DiagnosticIds.NegativeBeta);
    }

    [TestCase("relu 0", 5, 10, "the width of a 'relu' layer must be at least 1, found '0'")]
    [TestCase("relu -3", 5, 10, "found '-3'")]
    public void NonPositiveWidth(string layer, int line, int column, string fragment)
    {
        var result = Load(Model([.. Valid[..3], "  " + layer, .. Valid[4..]]));

        AssertDiagnostic(result, DiagnosticIds.NonPositiveCount, line, column, fragment);
        AssertOnlyErrors(result, DiagnosticIds.NonPositiveCount);
    }

    [TestCase("arrangements sample 0", 10, 23, "the number of sampled gates must be at least 1")]
    [TestCase("arrangements exact limit 0", 10, 28, "the limit must be at least 1")]
    public void NonPositiveCountOrLimit(string statement, int line, int column, string fragment)
    {
        var result = Load(Model([.. Valid, statement]));

        AssertDiagnostic(result, DiagnosticIds.NonPositiveCount, line, column, fragment);
    }

    [TestCase("  relu 2.5", 5, 10, "the width of a 'relu' layer must be a whole number, found '2.5'")]
    [TestCase("  relu 2.0", 5, 10, "found '2.0'")]
    public void NonIntegerWidth(string layer, int line, int column, string fragment)
    {
        var result = Load(Model([.. Valid[..3], layer, .. Valid[4..]]));

        AssertDiagnostic(result, DiagnosticIds.NonIntegerCount, line, column, fragment);
    }

    [Test]
    public void WholeValueWrittenAsFractionGetsASpellingHint()
    {
        var result = Load(Model([.. Valid[..3], "  relu 2.0", .. Valid[4..]]));

        Assert.That(Single(result, DiagnosticIds.NonIntegerCount).Hint, Does.Contain("write it without a decimal point: 2"));
    }

    [TestCase("arrangements sample 200 seed 1.5", 10, 32, "the seed must be a whole number")]
    [TestCase("arrangements sample 2.5", 10, 23, "the number of sampled gates must be a whole number")]
    [TestCase("arrangements exact limit 10.5", 10, 28, "the limit must be a whole number")]
    public void NonIntegerSeedCountOrLimit(string statement, int line, int column, string fragment)
    {
        var result = Load(Model([.. Valid, statement]));

        AssertDiagnostic(result, DiagnosticIds.NonIntegerCount, line, column, fragment);
    }

    [Test]
    public void UnknownBackendListsTheKnownOnes()
    {
        var result = Load(Model([.. Valid, "solve natve"]));

        AssertDiagnostic(result, DiagnosticIds.UnknownBackend, 10, 9, "unknown backend 'natve'; did you mean 'native'?");
        Assert.That(Single(result, DiagnosticIds.UnknownBackend).Hint, Is.EqualTo("known backends: native, other"));
    }

    [Test]
    public void UnknownLossListsTheKnownOnes()
    {
        var result = Load(Model([.. Valid[..6], "loss squard", .. Valid[7..]]));

        AssertDiagnostic(result, DiagnosticIds.UnknownLoss, 8, 8, "unknown loss 'squard'; did you mean 'squared'?");
        Assert.That(Single(result, DiagnosticIds.UnknownLoss).Hint, Is.EqualTo("known losses: squared, hinge, absolute, huber, logistic"));
    }

    [Test]
    public void UnknownRegularizer()
    {
        var result = Load(Model([.. Valid[..7], "regularize l2 0.1"]));

        AssertDiagnostic(result, DiagnosticIds.UnknownRegularizer, 9, 14, "unknown regularizer 'l2'");
        Assert.That(Single(result, DiagnosticIds.UnknownRegularizer).Hint, Does.Contain("weight_decay"));
    }

    [TestCase("solve native tol 1", 10, 16, "unknown option 'tol' for backend 'native'; did you mean 'tolerance'?")]
    [TestCase("solve native tolerance 1 tolerance 2", 10, 28, "solver option 'tolerance' is given twice")]
    [TestCase("solve native tolerance -1", 10, 26, "option 'tolerance' needs a positive number, found '-1'")]
    [TestCase("solve native tolerance fast", 10, 26, "option 'tolerance' needs a positive number, found 'fast'")]
    [TestCase("solve native max_iters 2.5", 10, 26, "option 'max_iters' needs a whole number ≥ 1")]
    [TestCase("solve native max_iters 0", 10, 26, "option 'max_iters' needs a whole number ≥ 1")]
    [TestCase("solve native threads -1", 10, 24, "option 'threads' needs a whole number ≥ 0")]
    [TestCase("solve native verbose 2", 10, 24, "option 'verbose' needs 0 or 1")]
    [TestCase("solve native method newton", 10, 23, "option 'method' must be one of: ipm, admm, found 'newton'")]
    [TestCase("solve native method 3", 10, 23, "option 'method' needs a word")]
    [TestCase("solve other tolerance 1", 10, 15, "backend 'other' takes no options")]
    public void BadSolverOption(string statement, int line, int column, string fragment)
    {
        var result = Load(Model([.. Valid, statement]));

        AssertDiagnostic(result, DiagnosticIds.BadSolverOption, line, column, fragment);
        AssertOnlyErrors(result, DiagnosticIds.BadSolverOption);
    }

    [Test]
    public void ValidSolverOptionsAreKeptWithTheirValues()
    {
        var result = Load(Model([.. Valid, "solve native tolerance 1e-6 max_iters 500 threads 0 verbose 1 method \"admm\""]));

        AssertOnlyErrors(result);
        var solver = result.Model!.Solver;
        Assert.That(solver.Options.Select(o => o.Name), Is.EqualTo(new[] { "tolerance", "max_iters", "threads", "verbose", "method" }));
        Assert.That(solver.Number("max_iters"), Is.EqualTo(500));
        Assert.That(solver.Options[4].RawValue, Is.EqualTo("admm"));
        Assert.That(solver.Options[4].Number, Is.Null);
    }

    [Test]
    public void VectorOutputsNeedTheRelaxationStatement()
    {
        var result = Load(Model([.. Valid[..4], "  output 3", .. Valid[5..]]));

        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 6, 12,
            "with vector outputs (output 3) the exact convex program is copositive (math.md §7.1) and not tractable");
        AssertOnlyErrors(result, DiagnosticIds.UnsupportedNetwork);
    }

    [Test]
    public void DeepNetworksAreNotSupportedYet()
    {
        var result = Load(Model([.. Valid[..4], "  relu 4", .. Valid[4..]]));

        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 6, 5, "deep networks (2 hidden ReLU layers) are not supported yet");
        Assert.That(Single(result, DiagnosticIds.UnsupportedNetwork).Hint, Does.Contain("one 'relu M' hidden layer"));
    }

    [Test]
    public void NetworkMustStartWithInput()
    {
        var result = Load(Model([.. Valid[..2], .. Valid[3..]]));

        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 4, 5, "the network must start with 'input', found 'relu'");
    }

    [Test]
    public void NetworkWithoutHiddenOrOutputLayer()
    {
        var result = Load(Model([.. Valid[..3], .. Valid[5..]]));

        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 3, 3, "the network has no 'output' layer");
        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 3, 3, "the network has no hidden layer");
    }

    [Test]
    public void EmptyNetwork()
    {
        var result = Load(Model([.. Valid[..1], "network { }", .. Valid[6..]]));

        AssertDiagnostic(result, DiagnosticIds.UnsupportedNetwork, 3, 3, "the network block has no layers");
    }

    [Test]
    public void TargetListedAsFeature()
    {
        var result = Load(Model(["data \"d.csv\" target y features a, y", .. Valid[1..]]));

        AssertDiagnostic(result, DiagnosticIds.DuplicateColumnReference, 2, 37, "the target column 'y' is also listed as a feature");
    }

    [Test]
    public void ColumnListedTwice()
    {
        var result = Load(Model(["data \"d.csv\" target y features a, \"b c\", a", .. Valid[1..]]));

        AssertDiagnostic(result, DiagnosticIds.DuplicateColumnReference, 2, 44, "column 'a' is listed twice among the features");
    }

    [Test]
    public void MissingRegularizerIsAWarningWithBetaZero()
    {
        var result = Load(Model(Valid[..7]));

        AssertDiagnostic(result, DiagnosticIds.NoWeightDecay, 1, 7, "without it the program may have many optimal networks");
        Assert.That(Single(result, DiagnosticIds.NoWeightDecay).Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(result.Model!.Regularizer.Beta, Is.EqualTo(0));
        Assert.That(result.Model.Regularizer.Span.IsNone, Is.True);
    }

    [Test]
    public void ExplicitZeroBetaIsAlsoWarned()
    {
        var result = Load(Model([.. Valid[..7], "regularize weight_decay 0"]));

        AssertDiagnostic(result, DiagnosticIds.NoWeightDecay, 9, 27, "without weight decay");
        Assert.That(result.Model, Is.Not.Null);
    }
}
