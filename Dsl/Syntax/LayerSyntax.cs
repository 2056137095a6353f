using System.Collections.Immutable;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary>One line of a network block: a layer, or a statement about the block (<see cref="RelaxationSyntax"/>).</summary>
public abstract record LayerSyntax(IdentifierSyntax Keyword, SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>relu WIDTH</c>.</summary>
public sealed record ReluLayerSyntax(IdentifierSyntax Keyword, NumberLiteralSyntax Width, SourceSpan Span)
    : LayerSyntax(Keyword, Span);

/// <summary><c>gated_relu WIDTH</c>.</summary>
public sealed record GatedReluLayerSyntax(IdentifierSyntax Keyword, NumberLiteralSyntax Width, SourceSpan Span)
    : LayerSyntax(Keyword, Span);

/// <summary><c>quadratic WIDTH [coefficients A B C]</c>: σ(t) = A t² + B t + C; <see cref="Coefficients"/> is empty
/// when the clause is absent.</summary>
public sealed record QuadraticLayerSyntax(
    IdentifierSyntax Keyword, NumberLiteralSyntax Width, ImmutableArray<NumberLiteralSyntax> Coefficients, SourceSpan Span)
    : LayerSyntax(Keyword, Span);

/// <summary><c>pool sum|mean|max</c>; <see cref="Kind"/> is the word as written.</summary>
public sealed record PoolLayerSyntax(IdentifierSyntax Keyword, IdentifierSyntax Kind, SourceSpan Span)
    : LayerSyntax(Keyword, Span);

/// <summary><c>dense relu</c>.</summary>
public sealed record DenseLayerSyntax(IdentifierSyntax Keyword, IdentifierSyntax Relu, SourceSpan Span)
    : LayerSyntax(Keyword, Span);

/// <summary><c>output COUNT</c>.</summary>
public sealed record OutputLayerSyntax(IdentifierSyntax Keyword, NumberLiteralSyntax Count, SourceSpan Span)
    : LayerSyntax(Keyword, Span);

/// <summary><c>relaxation [tight]</c>: not a layer but a line of the network block; the user accepts a program that is
/// only a lower bound on the training problem. <see cref="Tight"/>: the tightened relaxation of vector outputs
/// (math.md §7.2(2)).</summary>
public sealed record RelaxationSyntax(IdentifierSyntax Keyword, SourceSpan Span, IdentifierSyntax? Tight = null)
    : LayerSyntax(Keyword, Span);

/// <summary>A layer line that did not parse (already diagnosed); kept so the checker does not report a
/// missing layer on top of the syntax error.</summary>
public sealed record InvalidLayerSyntax(IdentifierSyntax Keyword, SourceSpan Span) : LayerSyntax(Keyword, Span);
