using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Syntax;

namespace ConicDsl.Dsl.Semantics;

/// <summary>
/// Decides which program family (<see cref="ArchitectureSpec"/>) the hidden layers of a network block describe,
/// from the input's shape and the sequence of layers. Anything else is refused with a located CNN1110 error
/// that says what is wrong and which shapes are supported; a network is never silently read as another one.
/// The conditions inside each convolutional family are checked by <see cref="ConvFamilies"/>.
/// </summary>
internal static class ArchitectureResolver
{
    public static ArchitectureSpec? Resolve(NetworkSyntax network, InputSpec input, IReadOnlyList<CheckedLayer> hidden,
        RelaxationSyntax? relaxation, DiagnosticBag diagnostics) =>
        input.Shape == InputShape.Vector
            ? FullyConnected(network, input, hidden, diagnostics)
            : Convolutional(network, input, hidden, relaxation, diagnostics);

    /// <summary>Whether the family's program is only a lower bound on the training problem (math.md §5.6, §6 E1, §7.2).</summary>
    public static bool IsLowerBound(ArchitectureSpec architecture) => architecture switch
    {
        CircularCnnArchitecture circular => circular.Convs.Length > 1,
        ThreeLayerCnnArchitecture three => three.Conv.Kind == ConvKind.Shared,
        VectorOutputArchitecture vector => !vector.L1Output,
        _ => false,
    };

    private static bool IsDense(LayerSpec spec) => spec is ReluLayerSpec or GatedReluLayerSpec or QuadraticLayerSpec;

    private static ArchitectureSpec? FullyConnected(NetworkSyntax network, InputSpec input,
        IReadOnlyList<CheckedLayer> hidden, DiagnosticBag diagnostics)
    {
        var ok = true;
        foreach (var layer in hidden.Where(l => !IsDense(l.Spec)))
        {
            ok = SupportedNetworks.Refuse(layer.Syntax.Keyword,
                $"'{layer.Syntax.Keyword.Text}' needs 'input signal …' or 'input image …'; this network's input is a plain vector",
                "start the network with e.g. 'input signal 64' or 'input image 28 28 channels 3' " +
                "(a vector input takes one 'relu M' layer)", diagnostics);
        }

        var relus = hidden.Where(l => IsDense(l.Spec)).ToList();
        if (hidden.Count == 0)
        {
            ok = SupportedNetworks.Refuse(network.Keyword,
                "the network has no hidden layer; add 'relu M' between 'input' and 'output'",
                SupportedNetworks.FullyConnected, diagnostics);
        }

        if (relus.Count > 1)
        {
            ok = SupportedNetworks.Refuse(relus[1].Syntax.Keyword,
                $"deep networks ({relus.Count} hidden ReLU layers) are not supported yet; use one 'relu M' layer",
                SupportedNetworks.FullyConnected, diagnostics);
        }

        if (!ok || relus.Count != 1) return null;
        if (relus[0].Spec is GatedReluLayerSpec gated)
        {
            if (input.Bias == BiasMode.Unregularized)
            {
                // With fixed gates a zero-weight unit with a large bias is the unpenalised function D_i·1·b, not a
                // constant: no output offset stands in for it, and the infimum is not attained (math.md §2.5, §2.6).
                SupportedNetworks.Refuse(relus[0].Syntax.Keyword,
                    "'gated_relu' needs 'input' or 'input bias': with an unregularized bias its training problem has no minimizer",
                    "write 'input bias' (the bias is penalised with the weights) or 'input'", diagnostics);
                return null;
            }

            return new GatedReluArchitecture(gated);
        }

        if (relus[0].Spec is QuadraticLayerSpec quadratic)
        {
            if (input.Bias == BiasMode.Unregularized)
            {
                // A bias outside the unit-norm constraint lets a neuron with u = 0 output the constant a·b² at no
                // penalty: a different model (a free offset), not lowered here.
                SupportedNetworks.Refuse(relus[0].Syntax.Keyword,
                    "'quadratic' needs 'input' or 'input bias': its input weights are unit-norm, and an unregularized bias would sit outside that constraint",
                    "write 'input bias' (the bias weight is part of the unit-norm weight vector) or 'input'", diagnostics);
                return null;
            }

            return new QuadraticArchitecture(quadratic);
        }

        return new FullyConnectedArchitecture((ReluLayerSpec)relus[0].Spec);
    }

    private static ArchitectureSpec? Convolutional(NetworkSyntax network, InputSpec input,
        IReadOnlyList<CheckedLayer> hidden, RelaxationSyntax? relaxation, DiagnosticBag diagnostics)
    {
        var shape = input.Shape == InputShape.Image ? "an image" : "a signal";
        var ok = true;
        foreach (var relu in hidden.Where(l => IsDense(l.Spec)))
        {
            ok = SupportedNetworks.Refuse(relu.Syntax.Keyword,
                $"a fully connected '{relu.Syntax.Keyword.Text} M' layer needs a plain vector input ('input' or 'input bias'); this network's input is {shape}",
                SupportedNetworks.Convolutional, diagnostics);
        }

        if (hidden.Count == 0)
        {
            ok = SupportedNetworks.Refuse(network.Keyword, "the network has no hidden layer; add a 'conv' layer after 'input'",
                SupportedNetworks.Convolutional, diagnostics);
        }

        if (!ok) return null;

        var convs = hidden.TakeWhile(l => l.Spec is ConvLayerSpec).ToList();
        var rest = hidden.Skip(convs.Count).ToList();
        if (convs.Count == 0)
            return Refused(rest[0].Syntax.Keyword, $"'{rest[0].Syntax.Keyword.Text}' must follow a 'conv' layer", diagnostics);
        if (rest.Count > 1)
        {
            return Refused(rest[1].Syntax.Keyword,
                $"'{rest[1].Syntax.Keyword.Text}' cannot follow '{rest[0].Syntax.Keyword.Text}': a convolutional network " +
                "ends with at most one 'pool' or 'dense relu' layer before 'output'", diagnostics);
        }

        var circular = convs.All(c => ((ConvLayerSpec)c.Spec).Kind == ConvKind.Circular);
        if (convs.Count > 1 && !circular)
        {
            var first = convs.First(c => ((ConvLayerSpec)c.Spec).Kind != ConvKind.Circular);
            return Refused(first.Syntax.Keyword,
                "only circular conv layers may be stacked; a shared or local conv is the single conv layer of its network",
                diagnostics);
        }

        return rest.FirstOrDefault() switch
        {
            null when circular && convs.Count == 1 => ConvFamilies.LinearCircular(convs[0], input, diagnostics),
            null when circular => Refused(convs[1].Syntax.Keyword,
                "stacked circular conv layers without 'dense relu' (a deep linear circular CNN) are not supported", diagnostics),
            null => Refused(convs[0].Syntax.Keyword,
                $"a '{convs[0].Syntax.Keyword.Text}' layer that is not circular must be followed by 'pool sum|mean|max' " +
                "(two-layer CNN) or 'dense relu' (three-layer CNN)", diagnostics),
            { Spec: PoolLayerSpec } pool when convs.Count == 1 => ConvFamilies.TwoLayer(convs[0], pool, input, diagnostics),
            { Spec: PoolLayerSpec } pool => Refused(convs[1].Syntax.Keyword,
                $"the two-layer CNN has one conv layer before '{pool.Syntax.Keyword.Text}', found {convs.Count}", diagnostics),
            _ when circular => ConvFamilies.Circular(convs, input, relaxation, diagnostics),
            _ => ConvFamilies.ThreeLayer(convs[0], input, diagnostics),
        };
    }

    private static ArchitectureSpec? Refused(SyntaxNode at, string message, DiagnosticBag diagnostics)
    {
        SupportedNetworks.Refuse(at, message, SupportedNetworks.Convolutional, diagnostics);
        return null;
    }
}
