using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary>A word: a keyword, a name, or a word-valued option. An empty <see cref="LiteralSyntax.Text"/>
/// marks a word the parser expected but did not find (already diagnosed).</summary>
public sealed record IdentifierSyntax(string Text, SourceSpan Span) : LiteralSyntax(Text, Span)
{
    public bool IsMissing => Text.Length == 0;
}
