using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary>One statement of a model block; <see cref="Keyword"/> is the word that starts it.</summary>
public abstract record StatementSyntax(IdentifierSyntax Keyword, SourceSpan Span) : SyntaxNode(Span);
