using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary>A quoted string. <see cref="LiteralSyntax.Text"/> keeps the quotes and escapes as written;
/// <see cref="Value"/> is the unescaped content.</summary>
public sealed record StringLiteralSyntax(string Text, string Value, SourceSpan Span) : LiteralSyntax(Text, Span)
{
    public override string ValueText => Value;
}
