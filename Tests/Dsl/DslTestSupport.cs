using ConicDsl.Dsl;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;
using NUnit.Framework;

namespace ConicDsl.Tests.Dsl;

/// <summary>A small fake catalog and assertion helpers shared by the language tests.</summary>
internal static class DslTestSupport
{
    public const string TestPath = "test.cnn";

    public static BackendCatalog Catalog { get; } = new(new Dictionary<string, IReadOnlyList<OptionInfo>>
    {
        ["native"] =
        [
            new OptionInfo("tolerance", OptionKind.PositiveNumber, "stopping tolerance"),
            new OptionInfo("max_iters", OptionKind.PositiveInteger, "iteration limit"),
            new OptionInfo("threads", OptionKind.NonNegativeInteger, "0 = all cores"),
            new OptionInfo("verbose", OptionKind.Flag01, "print progress"),
            new OptionInfo("method", OptionKind.Word, "algorithm", ["ipm", "admm"]),
        ],
        ["other"] = [],
    });

    public static FrontEndResult Load(string text) => ModelFrontEnd.Load(TestPath, text, Catalog);

    /// <summary>A valid model with one line replaced or added, for tests about a single statement.</summary>
    public static string Model(params string[] statements) =>
        "model m {\n" + string.Join("\n", statements.Select(s => "  " + s)) + "\n}\n";

    public static readonly string[] Valid =
    [
        "data \"d.csv\" target y",
        "network {",
        "  input bias",
        "  relu 8",
        "  output 1",
        "}",
        "loss squared",
        "regularize weight_decay 0.01",
    ];

    public static Diagnostic Single(FrontEndResult result, string id)
    {
        var matching = result.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.That(matching, Has.Count.EqualTo(1), () => Describe(result));
        return matching[0];
    }

    public static void AssertDiagnostic(FrontEndResult result, string id, int line, int column, string fragment)
    {
        Assert.That(result.Diagnostics.Any(d => d.Id == id && d.Span.Line == line && d.Span.Column == column
                                                && (d.Message.Contains(fragment) || d.Hint.Contains(fragment))),
            Is.True, () => $"expected {id} at {line}:{column} containing \"{fragment}\"; got:\n{Describe(result)}");
    }

    public static void AssertOnlyErrors(FrontEndResult result, params string[] ids)
    {
        var errors = result.Diagnostics.Where(d => d.IsError).Select(d => d.Id).ToArray();
        Assert.That(errors, Is.EqualTo(ids), () => Describe(result));
        Assert.That(result.Model, ids.Length == 0 ? Is.Not.Null : Is.Null);
    }

    public static string Describe(FrontEndResult result) =>
        string.Join("\n", result.Diagnostics.Select(d => d.FormatWithHint()));
}
