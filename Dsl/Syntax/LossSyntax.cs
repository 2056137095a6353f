using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary><c>loss NAME</c>; whether NAME is a known loss is checked semantically.</summary>
public sealed record LossSyntax(IdentifierSyntax Keyword, IdentifierSyntax Name, SourceSpan Span)
    : StatementSyntax(Keyword, Span);
