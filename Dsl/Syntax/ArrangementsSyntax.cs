using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary><c>arrangements …</c>: how sign patterns are obtained. <see cref="Mode"/> is the word
/// <c>exact</c> or <c>sample</c>.</summary>
public abstract record ArrangementsSyntax(IdentifierSyntax Keyword, IdentifierSyntax Mode, SourceSpan Span)
    : StatementSyntax(Keyword, Span);

/// <summary><c>arrangements exact [limit N]</c>.</summary>
public sealed record ExactArrangementsSyntax(
    IdentifierSyntax Keyword,
    IdentifierSyntax Mode,
    NumberLiteralSyntax? Limit,
    SourceSpan Span) : ArrangementsSyntax(Keyword, Mode, Span);

/// <summary><c>arrangements sample N [seed S]</c>.</summary>
public sealed record SampleArrangementsSyntax(
    IdentifierSyntax Keyword,
    IdentifierSyntax Mode,
    NumberLiteralSyntax Count,
    NumberLiteralSyntax? Seed,
    SourceSpan Span) : ArrangementsSyntax(Keyword, Mode, Span);
