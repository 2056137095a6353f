using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary><c>loss NAME [delta D]</c>; whether NAME is a known loss, and whether it takes <c>delta</c>, is checked
/// semantically.</summary>
public sealed record LossSyntax(IdentifierSyntax Keyword, IdentifierSyntax Name, SourceSpan Span,
    IdentifierSyntax? DeltaKeyword = null, NumberLiteralSyntax? Delta = null)
    : StatementSyntax(Keyword, Span);
