using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary><c>regularize NAME COEFFICIENT</c>.</summary>
public sealed record RegularizeSyntax(
    IdentifierSyntax Keyword,
    IdentifierSyntax Name,
    NumberLiteralSyntax Coefficient,
    SourceSpan Span) : StatementSyntax(Keyword, Span);
