using System.Collections.Immutable;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Syntax;

namespace ConicDsl.Dsl.Semantics;

/// <summary>
/// The conditions under which each convolutional family has the program the compiler emits (math.md §4–§6).
/// Each check reports every violated condition at the word concerned and returns null if there was one.
/// </summary>
internal static class ConvFamilies
{
    /// <summary><c>conv filters M size K [stride S] relu; pool …</c> — math.md §4.</summary>
    public static ArchitectureSpec? TwoLayer(CheckedLayer conv, CheckedLayer pool, InputSpec input, DiagnosticBag diagnostics)
    {
        var (syntax, spec) = Parts(conv);
        var hint = $"the two-layer CNN is written '{SupportedNetworks.TwoLayerCnn}'";
        var ok = true;
        if (syntax.Kind is { } kind)
        {
            ok = SupportedNetworks.Refuse(kind,
                $"'conv {kind.Text}' cannot be followed by 'pool': the two-layer CNN (math.md §4) slides one shared filter " +
                "over the input", $"remove '{kind.Text}'; {hint}", diagnostics);
        }

        if (syntax.Relu is null)
        {
            ok = SupportedNetworks.Refuse(syntax.Keyword,
                "the two-layer CNN needs 'relu' on its conv layer: the ReLU comes before the pooling (math.md §4.2)",
                $"add 'relu'; {hint}", diagnostics);
        }

        if (syntax.UnitNorm is { } unitNorm)
        {
            ok = SupportedNetworks.Refuse(unitNorm,
                "'unit_norm' is not allowed in the two-layer CNN: its filters are penalised by the weight decay " +
                "(math.md §4.2), not constrained to norm 1", $"remove 'unit_norm'; {hint}", diagnostics);
        }

        ok &= KernelFits(syntax, spec, input, diagnostics);
        return ok ? new TwoLayerCnnArchitecture(spec, (PoolLayerSpec)pool.Spec) : null;
    }

    /// <summary>Circular layers then <c>dense relu</c> — math.md §5.5 (one layer, exact) and §5.6 (more: a lower
    /// bound, accepted only under <c>relaxation</c>).</summary>
    public static ArchitectureSpec? Circular(IReadOnlyList<CheckedLayer> convs, InputSpec input, RelaxationSyntax? relaxation,
        DiagnosticBag diagnostics)
    {
        var hint = $"the circular CNN is written '{SupportedNetworks.CircularCnn}'";
        var ok = true;
        foreach (var conv in convs)
        {
            var (syntax, spec) = Parts(conv);
            ok &= CircularFilter(syntax, spec, input, hint, diagnostics);
            if (syntax.Relu is { } relu)
            {
                ok = SupportedNetworks.Refuse(relu.Keyword,
                    "'relu' is not allowed on a circular conv layer: the circular CNN has its one ReLU in 'dense relu' " +
                    "(math.md §5.5)", $"remove 'relu'; {hint}", diagnostics);
            }

            if (syntax.UnitNorm is null)
            {
                ok = SupportedNetworks.Refuse(syntax.Keyword,
                    "a circular conv layer before 'dense relu' needs 'unit_norm': if its filters were weight-decayed too, " +
                    "each unit's penalty would be a non-convex ℓ_{2/3} term (math.md §5.5, scope limit 2) and no convex " +
                    "program would be exact", $"add 'unit_norm'; {hint}", diagnostics);
            }
        }

        if (convs.Count > 1 && relaxation is null)
        {
            ok = SupportedNetworks.Refuse(convs[1].Syntax.Keyword,
                $"with {convs.Count} circular conv layers the network has L = {convs.Count + 2} layers, and for L ≥ 4 its " +
                "convex ℓ1 program is only a lower bound on the training problem, not an exact program (math.md §5.6)",
                "add the line 'relaxation' to the network block to lower it as a labelled lower bound, or keep one " +
                $"circular conv layer for the exact program; {hint}", diagnostics);
        }

        return ok ? new CircularCnnArchitecture(convs.Select(c => (ConvLayerSpec)c.Spec).ToImmutableArray(), Relu: true) : null;
    }

    /// <summary><c>conv circular filters M size FULL; output 1</c> — the linear circular CNN, math.md §5.4.</summary>
    public static ArchitectureSpec? LinearCircular(CheckedLayer conv, InputSpec input, DiagnosticBag diagnostics)
    {
        var (syntax, spec) = Parts(conv);
        var hint = $"the linear circular CNN is written '{SupportedNetworks.LinearCircularCnn}'";
        var ok = CircularFilter(syntax, spec, input, hint, diagnostics);
        if (syntax.Relu is { } relu)
        {
            ok = SupportedNetworks.Refuse(relu.Keyword,
                "'relu' is not allowed on a circular conv layer: the linear circular CNN (math.md §5.4) has no ReLU",
                $"remove 'relu', or add 'unit_norm' and a 'dense relu' layer for the circular CNN with one ReLU; {hint}",
                diagnostics);
        }

        if (syntax.UnitNorm is { } unitNorm)
        {
            ok = SupportedNetworks.Refuse(unitNorm,
                "'unit_norm' is not allowed in the linear circular CNN: there weight decay acts on both layers " +
                "(math.md §5.4); norm-constrained circular filters belong to the circular CNN with 'dense relu'",
                $"remove 'unit_norm', or add 'dense relu' before 'output'; {hint}", diagnostics);
        }

        return ok ? new CircularCnnArchitecture([spec], Relu: false) : null;
    }

    /// <summary><c>conv [local] filters M size K [stride S] unit_norm relu; dense relu</c> — math.md §6
    /// (local: E2, exact; shared: E1, the nuclear-norm relaxation the compiler reports as a lower bound).</summary>
    public static ArchitectureSpec? ThreeLayer(CheckedLayer conv, InputSpec input, DiagnosticBag diagnostics)
    {
        var (syntax, spec) = Parts(conv);
        var hint = $"the three-layer CNN is written '{SupportedNetworks.ThreeLayerCnn}'";
        var ok = true;
        if (syntax.UnitNorm is null)
        {
            ok = SupportedNetworks.Refuse(syntax.Keyword,
                "the three-layer CNN needs 'unit_norm' on its conv layer: its filters are constrained to norm 1 and the " +
                "weight decay acts on the dense and output layers (math.md §6)", $"add 'unit_norm'; {hint}", diagnostics);
        }

        if (syntax.Relu is null)
        {
            ok = SupportedNetworks.Refuse(syntax.Keyword,
                "the three-layer CNN needs 'relu' on its conv layer, the first of its two ReLU layers (math.md §6)",
                $"add 'relu'; {hint}", diagnostics);
        }

        ok &= KernelFits(syntax, spec, input, diagnostics);
        return ok ? new ThreeLayerCnnArchitecture(spec) : null;
    }

    /// <summary>A circular filter covers the whole input (scope limit 1 of math.md §5.5) and is applied at every shift.</summary>
    private static bool CircularFilter(ConvLayerSyntax syntax, ConvLayerSpec spec, InputSpec input, string hint,
        DiagnosticBag diagnostics)
    {
        var ok = true;
        if (!spec.Size.SequenceEqual(input.Dimensions))
        {
            var full = string.Join(' ', input.Dimensions);
            var what = input.Shape == InputShape.Image ? $"the whole image ({full}, height and width)" : $"the whole signal ({full})";
            var at = Enumerable.Range(0, spec.Size.Length).First(k => spec.Size[k] != input.Dimensions[k]);
            ok = SupportedNetworks.Refuse(syntax.Size[Math.Min(at, syntax.Size.Length - 1)],
                $"a circular filter must cover {what}, found size {string.Join(' ', spec.Size)}: shorter circular " +
                "filters have no exact convex program (math.md §5.5, scope limit 1)",
                $"write 'size {full}'; {hint}", diagnostics);
        }

        if (syntax.Stride is { Value: { } stride } && spec.Stride != 1)
        {
            ok = SupportedNetworks.Refuse(stride,
                $"a circular conv is applied at every shift, so its stride is 1, found 'stride {stride.Text}'",
                $"remove 'stride {stride.Text}'; {hint}", diagnostics);
        }

        return ok;
    }

    /// <summary>A valid (unpadded) convolution needs a filter no larger than the input along each axis.</summary>
    private static bool KernelFits(ConvLayerSyntax syntax, ConvLayerSpec spec, InputSpec input, DiagnosticBag diagnostics)
    {
        string[] axes = input.Shape == InputShape.Image ? ["height", "width"] : ["length"];
        var square = input.Shape == InputShape.Image && syntax.Size.Length == 1;
        string[] filterAxes = input.Shape == InputShape.Image && !square ? ["filter height", "filter width"] : ["filter size", "filter size"];
        var subject = input.Shape == InputShape.Image ? "image" : "signal";
        var ok = true;
        for (var k = 0; k < axes.Length; k++)
        {
            if (spec.Size[k] <= input.Dimensions[k]) continue;
            ok = SupportedNetworks.Refuse(syntax.Size[Math.Min(k, syntax.Size.Length - 1)],
                $"the {filterAxes[k]} {spec.Size[k]} is larger than the {subject}'s {axes[k]} {input.Dimensions[k]}",
                $"use a {filterAxes[k]} of at most {input.Dimensions[k]}: the filter slides over the input without padding",
                diagnostics);
            if (square) break; // one word, one message
        }

        return ok;
    }

    private static (ConvLayerSyntax Syntax, ConvLayerSpec Spec) Parts(CheckedLayer conv) =>
        ((ConvLayerSyntax)conv.Syntax, (ConvLayerSpec)conv.Spec);
}
