using System.Collections.Immutable;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Syntax;

namespace ConicDsl.Dsl.Semantics;

/// <summary>A hidden layer as written and as checked; the resolver needs both (the spec, and where to point).</summary>
internal sealed record CheckedLayer(LayerSyntax Syntax, LayerSpec Spec);

/// <summary>
/// One hidden layer → its <see cref="LayerSpec"/>, checking only what the layer says about itself: counts are
/// positive whole numbers, and a filter has one size on a signal and one or two on an image (a single size on
/// an image means a square filter). Whether the layers form a supported network is the resolver's decision.
/// </summary>
internal static class LayerChecker
{
    public static CheckedLayer? Check(LayerSyntax layer, InputSpec input, DiagnosticBag diagnostics)
    {
        LayerSpec? spec = layer switch
        {
            ReluLayerSyntax relu => Count(relu.Width, "the width of a 'relu' layer", diagnostics) is { } width
                ? new ReluLayerSpec(width, relu.Span)
                : null,
            GatedReluLayerSyntax gated => Count(gated.Width, "the width of a 'gated_relu' layer", diagnostics) is { } gatedWidth
                ? new GatedReluLayerSpec(gatedWidth, gated.Span)
                : null,
            QuadraticLayerSyntax quadratic => QuadraticActivationChecks.Check(quadratic, diagnostics),
            ConvLayerSyntax conv => Conv(conv, input, diagnostics),
            PoolLayerSyntax pool => new PoolLayerSpec(pool.Kind.Text switch
            {
                "sum" => PoolKind.Sum,
                "mean" => PoolKind.Mean,
                _ => PoolKind.Max,
            }, pool.Span),
            DenseLayerSyntax dense => new DenseReluLayerSpec(dense.Span),
            // The network checker passes hidden layers only; a new layer kind must be given a check here.
            _ => throw new System.Diagnostics.UnreachableException($"unchecked layer {layer.GetType().Name}"),
        };
        return spec is null ? null : new CheckedLayer(layer, spec);
    }

    private static ConvLayerSpec? Conv(ConvLayerSyntax conv, InputSpec input, DiagnosticBag diagnostics)
    {
        var filters = Count(conv.Filters, "the number of filters", diagnostics);
        var sizes = conv.Size.Select(s => Count(s, "the filter size", diagnostics)).ToList();
        var stride = conv.Stride?.Value is { } s ? Count(s, "the stride", diagnostics) : 1;
        var ok = filters is not null && stride is not null && sizes.All(v => v is not null);

        if (input.Shape == InputShape.Signal && conv.Size.Length == 2)
        {
            ok = SupportedNetworks.Refuse(conv.Size[1],
                $"a filter on a signal has one size, found two ('size {conv.Size[0].Text} {conv.Size[1].Text}')",
                "write 'size K' for a signal; 'size K1 K2' (height, width) is for images", diagnostics);
        }

        if (!ok) return null;

        var size = sizes.Select(v => v!.Value).ToImmutableArray();
        if (input.Shape == InputShape.Image && size.Length == 1) size = [size[0], size[0]];

        var kind = conv.Kind?.Text switch
        {
            "circular" => ConvKind.Circular,
            "local" => ConvKind.Local,
            _ => ConvKind.Shared,
        };
        return new ConvLayerSpec(kind, filters!.Value, size, stride!.Value, conv.UnitNorm is not null,
            conv.Relu is not null, conv.Span);
    }

    private static int? Count(NumberLiteralSyntax number, string what, DiagnosticBag diagnostics) =>
        CountChecks.Positive(number, what, int.MaxValue, diagnostics) is { } value ? (int)value : null;
}
