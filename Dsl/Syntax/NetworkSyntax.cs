using System.Collections.Immutable;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary><c>network { layer… }</c>. The parser accepts any sequence of layers; which architectures are
/// supported is the checker's decision, so that it can say what is supported instead of "syntax error".</summary>
public sealed record NetworkSyntax(
    IdentifierSyntax Keyword,
    ImmutableArray<LayerSyntax> Layers,
    SourceSpan Span) : StatementSyntax(Keyword, Span);
