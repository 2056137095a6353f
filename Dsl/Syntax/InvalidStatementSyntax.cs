using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary>
/// A statement whose keyword was recognised but whose body did not parse. It is kept in the tree so the
/// checker knows the statement was written (and does not also report it as missing or misplaced).
/// </summary>
public sealed record InvalidStatementSyntax(IdentifierSyntax Keyword, SourceSpan Span) : StatementSyntax(Keyword, Span);
