using ConicDsl.Dsl.Diagnostics;
using NUnit.Framework;
using static ConicDsl.Tests.Dsl.DslTestSupport;

namespace ConicDsl.Tests.Dsl;

/// <summary>A file with many mistakes reports all of them in one run, each at its own place.</summary>
public class ErrorRecoveryTests
{
    private const string ManyMistakes = """
        model broken {
          data "d.csv" target y features a, a
          network {
            input bias
            relu abc
            sigmoid 4
            output 3
          }
          los squared
          regularize weight_decay -1
          arrangements sample 10 seed 2.5
          solve native tolerance 1e-8 tol 3
          solve native
        }
        """;

    [Test]
    public void EveryMistakeIsReportedInOneRun()
    {
        var result = Load(ManyMistakes);

        var found = result.Diagnostics.Where(d => d.IsError).Select(d => (d.Id, d.Span.Line, d.Span.Column)).ToArray();
        Assert.That(found, Is.EqualTo(new[]
        {
            (DiagnosticIds.MissingStatement, 1, 7),      // 'los' is not 'loss'
            (DiagnosticIds.DuplicateColumnReference, 2, 37),
            (DiagnosticIds.BadNumber, 5, 10),
            (DiagnosticIds.UnknownLayer, 6, 5),
            (DiagnosticIds.UnknownStatement, 9, 3),
            (DiagnosticIds.NegativeBeta, 10, 27),
            (DiagnosticIds.NonIntegerCount, 11, 31),
            (DiagnosticIds.BadSolverOption, 12, 31),
            (DiagnosticIds.DuplicateStatement, 13, 3),
        }), () => Describe(result));
        Assert.That(result.Model, Is.Null);
    }

    [Test]
    public void DiagnosticsAreSortedByPosition()
    {
        var result = Load(ManyMistakes);

        var positions = result.Diagnostics.Select(d => (d.Span.Line, d.Span.Column)).ToList();
        Assert.That(positions, Is.EqualTo(positions.OrderBy(p => p.Line).ThenBy(p => p.Column).ToList()));
    }

    [Test]
    public void SemicolonSeparatesStatementsAndRecoveryStopsThere()
    {
        var result = Load("model m { data \"d.csv\" target y; network { input bias; relu x; output 1 }; loss squard; regularize weight_decay 0.1 }");

        AssertDiagnostic(result, DiagnosticIds.BadNumber, 1, 61, "expected a number after 'relu'");
        AssertDiagnostic(result, DiagnosticIds.UnknownLoss, 1, 81, "unknown loss 'squard'");
        Assert.That(result.Diagnostics.Count(d => d.IsError), Is.EqualTo(2), () => Describe(result));
    }

    [Test]
    public void UnterminatedStringDoesNotSwallowTheFollowingLines()
    {
        var result = Load(Model(["data \"d.csv target y", .. Valid[1..6], "loss squard", .. Valid[7..]]));

        AssertDiagnostic(result, DiagnosticIds.UnterminatedString, 2, 8, "unterminated string");
        AssertDiagnostic(result, DiagnosticIds.UnknownLoss, 8, 8, "unknown loss 'squard'");
    }

    [Test]
    public void BrokenStatementStillCountsAsWritten()
    {
        // 'loss' fails to parse; the checker must not also claim that the loss is missing.
        var result = Load(Model([.. Valid[..6], "loss", .. Valid[7..]]));

        AssertOnlyErrors(result, DiagnosticIds.SyntaxError);
        AssertDiagnostic(result, DiagnosticIds.SyntaxError, 8, 7, "expected the loss's name after 'loss', found the end of the line");
    }
}
