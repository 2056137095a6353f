using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary>One line of a network block.</summary>
public abstract record LayerSyntax(IdentifierSyntax Keyword, SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>input [bias [unregularized]]</c>.</summary>
public sealed record InputLayerSyntax(
    IdentifierSyntax Keyword,
    IdentifierSyntax? Bias,
    IdentifierSyntax? Unregularized,
    SourceSpan Span) : LayerSyntax(Keyword, Span);

/// <summary><c>relu WIDTH</c>.</summary>
public sealed record ReluLayerSyntax(IdentifierSyntax Keyword, NumberLiteralSyntax Width, SourceSpan Span)
    : LayerSyntax(Keyword, Span);

/// <summary><c>output COUNT</c>.</summary>
public sealed record OutputLayerSyntax(IdentifierSyntax Keyword, NumberLiteralSyntax Count, SourceSpan Span)
    : LayerSyntax(Keyword, Span);

/// <summary>A layer line that did not parse (already diagnosed); kept so the checker does not report a
/// missing layer on top of the syntax error.</summary>
public sealed record InvalidLayerSyntax(IdentifierSyntax Keyword, SourceSpan Span) : LayerSyntax(Keyword, Span);
