using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary><c>regularize NAME COEFFICIENT</c>, or <c>regularize NAME path FROM .. TO steps N</c>, in which case
/// <see cref="Coefficient"/> is FROM and <see cref="Path"/> holds the rest.</summary>
public sealed record RegularizeSyntax(
    IdentifierSyntax Keyword,
    IdentifierSyntax Name,
    NumberLiteralSyntax Coefficient,
    SourceSpan Span,
    RegularizationPathSyntax? Path = null) : StatementSyntax(Keyword, Span);

/// <summary>The tail of a path: <c>.. TO steps N</c> (FROM is the statement's coefficient).</summary>
public sealed record RegularizationPathSyntax(IdentifierSyntax PathWord, NumberLiteralSyntax To, NumberLiteralSyntax Steps);
