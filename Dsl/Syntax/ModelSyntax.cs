using System.Collections.Immutable;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary><c>model NAME { statements }</c>: the root of a parsed file.</summary>
/// <param name="Name">The model's name; missing (empty) when the header was malformed.</param>
/// <param name="Statements">Statements in source order, including duplicates and ones that failed to parse
/// (<see cref="InvalidStatementSyntax"/>), so the checker sees everything the user wrote.</param>
public sealed record ModelSyntax(
    IdentifierSyntax Keyword,
    IdentifierSyntax Name,
    ImmutableArray<StatementSyntax> Statements,
    SourceSpan Span) : SyntaxNode(Span);
