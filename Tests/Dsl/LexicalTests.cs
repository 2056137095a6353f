using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;
using NUnit.Framework;
using static ConicDsl.Tests.Dsl.DslTestSupport;

namespace ConicDsl.Tests.Dsl;

/// <summary>Line endings, byte-order marks, tabs, comments, strings and numbers.</summary>
public class LexicalTests
{
    [Test]
    public void CrlfLineEndingsParseAndKeepColumns()
    {
        var text = ExampleModelTests.Spline1d.ReplaceLineEndings("\r\n");
        var result = Load(text);

        Assert.That(result.Diagnostics, Is.Empty, () => Describe(result));
        Assert.That(result.Model!.Solver.Number("tolerance"), Is.EqualTo(1e-8));

        var broken = Load(Model([.. Valid[..3], "  relu abc", .. Valid[4..]]).ReplaceLineEndings("\r\n"));
        AssertDiagnostic(broken, DiagnosticIds.BadNumber, 5, 10, "found 'abc'");
    }

    [Test]
    public void ByteOrderMarkIsIgnoredAndDoesNotShiftColumns()
    {
        var result = Load("\uFEFF" + ExampleModelTests.Xor);

        Assert.That(result.Diagnostics, Is.Empty, () => Describe(result));
        Assert.That(result.Model!.Span.Line, Is.EqualTo(2));
        Assert.That(result.Model.Span.Column, Is.EqualTo(1));

        var broken = Load("\uFEFFmodel m {\nlos squared\n}");
        AssertDiagnostic(broken, DiagnosticIds.UnknownStatement, 2, 1, "'los'");
    }

    [Test]
    public void TabsCountAsOneColumn()
    {
        var result = Load("model m {\n\tdata\t\"d.csv\" target y\n\tnetwork {\n\t\tinput\n\t\trelu\tx\n\t\toutput 1\n\t}\n\tloss squared\n}");

        AssertDiagnostic(result, DiagnosticIds.BadNumber, 5, 8, "found 'x'");
    }

    [Test]
    public void BothCommentStylesAreAcceptedAnywhere()
    {
        var text = """
            # leading comment
            model m { // after the header
              // a full-line comment
              data "d.csv" target y   # trailing hash comment
              network { # inside a block
                input bias // after a layer
                relu 4
                output 1
              }
              loss squared // "quotes and ; and } in comments are ignored"
              regularize weight_decay 0.5
            } # after the model
            // at the end
            """;
        var result = Load(text);

        Assert.That(result.Diagnostics, Is.Empty, () => Describe(result));
        Assert.That(result.Model!.Regularizer.Beta, Is.EqualTo(0.5));
    }

    [Test]
    public void StatementSpanStopsAtItsLastToken()
    {
        var result = Load(Model(["data \"d.csv\" target y   # comment", .. Valid[1..]]));

        Assert.That(result.Model!.Data.Span.Length, Is.EqualTo("data \"d.csv\" target y".Length));
    }

    [Test]
    public void StringsWithEscapesAndQuotedColumns()
    {
        var result = Load(Model(["data \"dir\\\\my \\\"data\\\".csv\" target \"sale price\" features area, \"year built\" standardize", .. Valid[1..]]));

        Assert.That(result.Diagnostics, Is.Empty, () => Describe(result));
        var data = result.Model!.Data;
        Assert.That(data.Path, Is.EqualTo("dir\\my \"data\".csv"));
        Assert.That(data.Target.Name, Is.EqualTo("sale price"));
        Assert.That(data.Features.Select(f => f.Name), Is.EqualTo(new[] { "area", "year built" }));
        Assert.That(data.Standardize, Is.True);
    }

    [TestCase("0.01", 0.01)]
    [TestCase(".5", 0.5)]
    [TestCase("+2", 2.0)]
    [TestCase("1e-3", 0.001)]
    [TestCase("2.5E+1", 25.0)]
    public void NumberForms(string written, double value)
    {
        var result = Load(Model([.. Valid[..7], "regularize weight_decay " + written]));

        Assert.That(result.Model?.Regularizer.Beta, Is.EqualTo(value), () => Describe(result));
    }

    [TestCase("1.")]
    [TestCase("1e")]
    [TestCase("1e999")]
    [TestCase("12abc")]
    public void MalformedNumbers(string written)
    {
        var result = Load(Model([.. Valid[..7], "regularize weight_decay " + written]));

        AssertDiagnostic(result, DiagnosticIds.BadNumber, 9, 27, written);
    }

    [Test]
    public void OneLineNetworkAndInputModes()
    {
        var result = Load(Model(["data \"d.csv\" target y", "network { input bias unregularized; relu 3; output 1 }", "loss hinge"]));

        Assert.That(result.Model!.Network.Bias, Is.EqualTo(BiasMode.Unregularized));
        Assert.That(Load(Model(["data \"d.csv\" target y", "network { input; relu 3; output 1 }", "loss hinge"])).Model!.Network.Bias,
            Is.EqualTo(BiasMode.None));
    }

    [Test]
    public void BraceMayStandOnTheNextLine()
    {
        var result = Load("model m\n{\n  data \"d.csv\" target y\n  network\n  {\n    input\n    relu 2\n    output 1\n  }\n  loss squared\n}");

        Assert.That(result.Model, Is.Not.Null, () => Describe(result));
    }

    [Test]
    public void DefaultsWhenOptionalStatementsAreAbsent()
    {
        var result = Load(Model(Valid));

        var model = result.Model!;
        Assert.That(model.Patterns, Is.TypeOf<ExactPatterns>());
        Assert.That(((ExactPatterns)model.Patterns).Limit, Is.EqualTo(100_000));
        Assert.That(model.Patterns.Span.IsNone, Is.True);
        Assert.That(model.Solver.Backend, Is.EqualTo("native"));
        Assert.That(model.Solver.Options, Is.Empty);
        Assert.That(Load(Model([.. Valid, "arrangements sample 5"])).Model!.Patterns, Is.TypeOf<SampledPatterns>()
            .With.Property(nameof(SampledPatterns.Seed)).EqualTo(0));
        Assert.That(((ExactPatterns)Load(Model([.. Valid, "arrangements exact limit 1e3"])).Model!.Patterns).Limit, Is.EqualTo(1000));
    }
}
