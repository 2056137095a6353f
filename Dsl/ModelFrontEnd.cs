using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Parsing;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Dsl;

/// <summary>
/// Text of a model file → checked <see cref="Model"/>. Parsing and checking both run even when the other
/// finds errors, so one run reports everything. No file is read here: the text is given, and data files
/// are bound by a later stage.
/// </summary>
public static class ModelFrontEnd
{
    public static FrontEndResult Load(string path, string text, BackendCatalog catalog)
    {
        var parsed = CnnParser.Parse(path, text);
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(parsed.Diagnostics);
        if (parsed.Syntax is null) return new FrontEndResult(null, diagnostics.ToImmutableSorted());

        var model = ModelChecker.Check(parsed.Syntax, catalog, diagnostics);
        return new FrontEndResult(diagnostics.HasErrors ? null : model, diagnostics.ToImmutableSorted());
    }
}
