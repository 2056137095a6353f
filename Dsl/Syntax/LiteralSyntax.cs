using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary>
/// A single token that carries a value: a word, a number or a quoted string. <see cref="Text"/> is the
/// source text exactly as written, so the checker can tell "2" from "2.0" and quote the user back.
/// </summary>
public abstract record LiteralSyntax(string Text, SourceSpan Span) : SyntaxNode(Span)
{
    /// <summary>The value the literal stands for: the word itself, the number's text, or the unescaped string.</summary>
    public virtual string ValueText => Text;
}
