using ConicDsl.Dsl.Diagnostics;
using NUnit.Framework;
using static ConicDsl.Tests.Dsl.DslTestSupport;

namespace ConicDsl.Tests.Dsl;

/// <summary>One test per syntax diagnostic id, asserting id, line, column and wording.</summary>
public class SyntaxDiagnosticTests
{
    // Model(...) puts statement k (0-based) on line k + 2, indented by two spaces (column 3).

    [Test]
    public void MissingNumberAfterReluSaysWhatWasExpectedAndWhatWasFound()
    {
        var result = Load(Model([.. Valid[..3], "  relu abc", .. Valid[4..]]));

        AssertDiagnostic(result, DiagnosticIds.BadNumber, 5, 10,
            "expected a number after 'relu' (the layer's width), found 'abc'");
        AssertOnlyErrors(result, DiagnosticIds.BadNumber);
    }

    [Test]
    public void MalformedNumberIsReportedAsOneToken()
    {
        var result = Load(Model([.. Valid[..7], "regularize weight_decay 0.0.1"]));

        AssertDiagnostic(result, DiagnosticIds.BadNumber, 9, 27, "'0.0.1' is not a valid number");
    }

    [Test]
    public void UnterminatedStringIsReportedAtItsOpeningQuote()
    {
        var result = Load(Model(["data \"d.csv target y", .. Valid[1..]]));

        AssertDiagnostic(result, DiagnosticIds.UnterminatedString, 2, 8, "unterminated string");
        AssertOnlyErrors(result, DiagnosticIds.UnterminatedString);
    }

    [Test]
    public void UnknownStatementSuggestsTheNearestKeyword()
    {
        var result = Load(Model([.. Valid[..6], "los squared", .. Valid[7..]]));

        AssertDiagnostic(result, DiagnosticIds.UnknownStatement, 8, 3, "unknown statement 'los'; did you mean 'loss'?");
        // The misspelt statement is not a 'loss' statement, so the loss is also missing.
        AssertDiagnostic(result, DiagnosticIds.MissingStatement, 1, 7, "has no 'loss' statement");
    }

    [TestCase("netwrok", "network")]
    [TestCase("regularise", "regularize")]
    [TestCase("arangements", "arrangements")]
    [TestCase("sovle", "solve")]
    public void UnknownStatementSuggestions(string written, string meant)
    {
        var result = Load(Model([.. Valid, written + " x"]));

        Assert.That(Single(result, DiagnosticIds.UnknownStatement).Message, Does.Contain($"did you mean '{meant}'?"));
    }

    [Test]
    public void UnknownStatementWithoutNearMissListsTheStatements()
    {
        var result = Load(Model([.. Valid, "optimize fast"]));

        var diagnostic = Single(result, DiagnosticIds.UnknownStatement);
        Assert.That(diagnostic.Message, Is.EqualTo("unknown statement 'optimize'"));
        Assert.That(diagnostic.Hint, Does.Contain("data, network, loss, regularize, arrangements, solve"));
    }

    [Test]
    public void LayerOutsideTheNetworkIsExplained()
    {
        var result = Load(Model([.. Valid, "relu 4"]));

        AssertDiagnostic(result, DiagnosticIds.UnknownStatement, 10, 3, "'relu' is a layer, not a statement");
    }

    [Test]
    public void UnknownLayerSuggestsTheNearestLayer()
    {
        var result = Load(Model([.. Valid[..3], "  rellu 8", .. Valid[4..]]));

        AssertDiagnostic(result, DiagnosticIds.UnknownLayer, 5, 5, "unknown layer 'rellu'; did you mean 'relu'?");
        AssertOnlyErrors(result, DiagnosticIds.UnknownLayer);
    }

    [Test]
    public void MissingTargetKeywordIsASyntaxError()
    {
        var result = Load(Model(["data \"d.csv\" y", .. Valid[1..]]));

        AssertDiagnostic(result, DiagnosticIds.SyntaxError, 2, 16, "expected 'target' after the data file's path, found 'y'");
    }

    [Test]
    public void TrailingWordSuggestsAClause()
    {
        var result = Load(Model([.. Valid[..2], "  input biass", .. Valid[3..]]));

        AssertDiagnostic(result, DiagnosticIds.SyntaxError, 4, 11, "unexpected 'biass' after the 'input' layer; did you mean 'bias'?");
    }

    [Test]
    public void MissingSolverOptionValue()
    {
        var result = Load(Model([.. Valid, "solve native tolerance"]));

        AssertDiagnostic(result, DiagnosticIds.SyntaxError, 10, 25,
            "expected a value after solver option 'tolerance', found the end of the line");
    }

    [Test]
    public void UnclosedNetworkBlockIsClosedAtTheNextStatement()
    {
        string[] statements = [.. Valid[..5], .. Valid[6..]];
        var result = Load(Model(statements));

        AssertDiagnostic(result, DiagnosticIds.MissingBrace, 3, 11, "the 'network' block is not closed with '}'");
        Assert.That(Single(result, DiagnosticIds.MissingBrace).Hint, Does.Contain("before 'loss' on line 7"));
        // The statements after the unclosed block are still parsed: nothing is reported missing.
        AssertOnlyErrors(result, DiagnosticIds.MissingBrace);
    }

    [Test]
    public void UnclosedModelBlock()
    {
        var text = Model(Valid).TrimEnd().TrimEnd('}');
        var result = Load(text);

        AssertDiagnostic(result, DiagnosticIds.MissingBrace, 1, 9, "the block of model 'm' is not closed with '}'");
        AssertOnlyErrors(result, DiagnosticIds.MissingBrace);
    }

    [Test]
    public void EmptyFile()
    {
        var result = Load("");

        AssertDiagnostic(result, DiagnosticIds.NoModel, 1, 1, "the file is empty");
        AssertOnlyErrors(result, DiagnosticIds.NoModel);
    }

    [Test]
    public void FileWithOnlyCommentsCountsAsEmpty()
    {
        var result = Load("// nothing yet\n# still nothing\n\n");

        AssertDiagnostic(result, DiagnosticIds.NoModel, 1, 1, "the file is empty");
    }

    [Test]
    public void FileWithoutModelBlock()
    {
        var result = Load("\n  modle m {\n}\n");

        AssertDiagnostic(result, DiagnosticIds.NoModel, 2, 3, "expected 'model NAME {' at the start of the file, found 'modle'; did you mean 'model'?");
    }

    [Test]
    public void TextAfterTheModelBlock()
    {
        var result = Load(Model(Valid) + "loss hinge\n");

        AssertDiagnostic(result, DiagnosticIds.NoModel, 11, 1, "unexpected 'loss' after the end of the model block");
        AssertOnlyErrors(result, DiagnosticIds.NoModel);
    }

    [Test]
    public void MissingModelNameAndBrace()
    {
        var result = Load("model\n" + string.Join("\n", Valid) + "\n}");

        AssertDiagnostic(result, DiagnosticIds.SyntaxError, 1, 6, "expected the model's name after 'model', found the end of the line");
        AssertDiagnostic(result, DiagnosticIds.SyntaxError, 2, 1, "expected '{' after the model's name");
        // Statements are still parsed and checked.
        Assert.That(result.Diagnostics.Where(d => d.Id == DiagnosticIds.MissingStatement), Is.Empty);
    }

    [Test]
    public void BadArrangementsModeSuggestsTheNearestMode()
    {
        var result = Load(Model([.. Valid, "arrangements exakt"]));

        AssertDiagnostic(result, DiagnosticIds.BadArrangements, 10, 16,
            "expected 'exact' or 'sample N' after 'arrangements', found 'exakt'; did you mean 'exact'?");
    }

    [Test]
    public void ExactArrangementsRejectASeed()
    {
        var result = Load(Model([.. Valid, "arrangements exact seed 3"]));

        AssertDiagnostic(result, DiagnosticIds.BadArrangements, 10, 22, "'arrangements exact' takes only 'limit N', found 'seed'");
    }

    [Test]
    public void SampleArrangementsNeedACount()
    {
        var result = Load(Model([.. Valid, "arrangements sample seed 3"]));

        AssertDiagnostic(result, DiagnosticIds.BadNumber, 10, 23, "expected a number after 'sample'");
    }
}
