using System.Collections.Immutable;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary>
/// <c>conv [circular|local] filters M size K [K2] {stride S | unit_norm | relu}</c>. <see cref="Kind"/> is null
/// for a shared conv. <see cref="Options"/> are in the order written; the parser lets each appear at most once.
/// </summary>
public sealed record ConvLayerSyntax(
    IdentifierSyntax Keyword,
    IdentifierSyntax? Kind,
    NumberLiteralSyntax Filters,
    ImmutableArray<NumberLiteralSyntax> Size,
    ImmutableArray<ConvOptionSyntax> Options,
    SourceSpan Span) : LayerSyntax(Keyword, Span)
{
    public ConvOptionSyntax? Stride => Option("stride");
    public ConvOptionSyntax? UnitNorm => Option("unit_norm");
    public ConvOptionSyntax? Relu => Option("relu");

    private ConvOptionSyntax? Option(string keyword) => Options.FirstOrDefault(o => o.Keyword.Text == keyword);
}

/// <summary>One trailing option of a conv layer: <c>stride S</c> (with <see cref="Value"/>), <c>unit_norm</c> or <c>relu</c>.</summary>
public sealed record ConvOptionSyntax(IdentifierSyntax Keyword, NumberLiteralSyntax? Value, SourceSpan Span) : SyntaxNode(Span);
