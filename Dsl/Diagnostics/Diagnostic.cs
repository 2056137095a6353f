using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Diagnostics;

/// <summary>
/// One finding about the user's input. Diagnostics are collected, never thrown, so that a single run can
/// report every problem of a file.
/// </summary>
/// <param name="Id">Stable identifier such as <c>CNN1003</c>; see <see cref="DiagnosticIds"/>.</param>
/// <param name="Severity">Errors stop the pipeline; warnings and infos are printed and the run goes on.</param>
/// <param name="Span">Where the problem is. For data files <c>Line</c> is the 1-based row (the header is row 1)
/// and <c>Column</c> the 1-based column.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Hint">How to fix it; may be empty.</param>
public sealed record Diagnostic(string Id, DiagnosticSeverity Severity, SourceSpan Span, string Message, string Hint = "")
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The one-line form <c>path:line:col: error CNNxxxx: message</c>.</summary>
    public string Format()
    {
        var severity = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        return $"{Span}: {severity} {Id}: {Message}";
    }

    /// <summary>The message line followed, when there is one, by an indented hint line.</summary>
    public string FormatWithHint() => string.IsNullOrEmpty(Hint) ? Format() : $"{Format()}\n    hint: {Hint}";

    public static Diagnostic Error(string id, SourceSpan span, string message, string hint = "") =>
        new(id, DiagnosticSeverity.Error, span, message, hint);

    public static Diagnostic Warning(string id, SourceSpan span, string message, string hint = "") =>
        new(id, DiagnosticSeverity.Warning, span, message, hint);
}
