using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary>
/// Base of every node of the syntax tree. Nodes are immutable and carry the span of the text they were
/// parsed from, so that later stages can point diagnostics at the user's own words.
/// </summary>
public abstract record SyntaxNode(SourceSpan Span);
