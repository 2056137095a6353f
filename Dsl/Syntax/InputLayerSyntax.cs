using System.Collections.Immutable;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary><c>input [signal LENGTH [channels C] | image HEIGHT WIDTH [channels C]] [bias [unregularized]]</c>.
/// <see cref="Shape"/> is null for a plain vector input. The parser accepts <c>bias</c> after any shape; the
/// checker refuses it on signals and images.</summary>
public sealed record InputLayerSyntax(
    IdentifierSyntax Keyword,
    InputShapeSyntax? Shape,
    IdentifierSyntax? Bias,
    IdentifierSyntax? Unregularized,
    SourceSpan Span) : LayerSyntax(Keyword, Span);

/// <summary><c>signal LENGTH [channels C]</c> (one dimension) or <c>image HEIGHT WIDTH [channels C]</c> (two).</summary>
public sealed record InputShapeSyntax(
    IdentifierSyntax Keyword,
    ImmutableArray<NumberLiteralSyntax> Dimensions,
    NumberLiteralSyntax? Channels,
    SourceSpan Span) : SyntaxNode(Span)
{
    public bool IsImage => Keyword.Text == "image";
}
