using System.Collections.Immutable;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary><c>solve BACKEND [NAME VALUE]…</c>. Backends and their options are not part of the language;
/// they are validated against a catalog supplied by the caller.</summary>
public sealed record SolveSyntax(
    IdentifierSyntax Keyword,
    IdentifierSyntax Backend,
    ImmutableArray<SolverOptionSyntax> Options,
    SourceSpan Span) : StatementSyntax(Keyword, Span);

/// <summary>One <c>NAME VALUE</c> pair; the value is a number, a word or a string.</summary>
public sealed record SolverOptionSyntax(IdentifierSyntax Name, LiteralSyntax Value, SourceSpan Span) : SyntaxNode(Span);
