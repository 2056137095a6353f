using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary>A number with its source text (e.g. "-0.1", "1e-8", "32").</summary>
public sealed record NumberLiteralSyntax(string Text, double Value, SourceSpan Span) : LiteralSyntax(Text, Span)
{
    /// <summary>
    /// Whether the number is written as a whole number. "2.0" is not (the user wrote a fraction where a
    /// count belongs), while "1e5" is: an exponent is a convenient way to write large limits.
    /// </summary>
    public bool IsWrittenAsInteger => !Text.Contains('.') && Math.Floor(Value) == Value;
}
