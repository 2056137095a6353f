using System.Collections.Immutable;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Syntax;

namespace ConicDsl.Dsl.Semantics;

/// <summary>
/// Decides whether a network block is one version 1 can lower: one <c>input</c> first, exactly one
/// <c>relu M</c>, and <c>output 1</c> last. The parser accepts any layer sequence so that this check can
/// say what is supported rather than report a syntax error.
/// </summary>
internal static class NetworkChecker
{
    private const string Supported =
        "version 1 supports exactly: 'input [bias [unregularized]]' first, one 'relu M' hidden layer, and 'output 1' last";

    public static NetworkSpec? Check(NetworkSyntax network, DiagnosticBag diagnostics)
    {
        var layers = network.Layers;

        // Broken layer lines were reported by the parser; judging the shape without them would only add noise.
        if (layers.Any(l => l is InvalidLayerSyntax)) return null;

        if (layers.IsEmpty)
        {
            Unsupported(network.Keyword, "the network block has no layers", diagnostics);
            return null;
        }

        var ok = true;
        for (var k = 0; k < layers.Length; k++)
        {
            var layer = layers[k];
            if (k == 0 && layer is not InputLayerSyntax)
            {
                ok = Unsupported(layer.Keyword, $"the network must start with 'input', found '{layer.Keyword.Text}'", diagnostics);
            }
            else if (k > 0 && layer is InputLayerSyntax)
            {
                ok = Unsupported(layer.Keyword, "'input' must be the first layer and appear once", diagnostics);
            }
            else if (k < layers.Length - 1 && layer is OutputLayerSyntax)
            {
                ok = Unsupported(layer.Keyword, "'output' must be the last layer and appear once", diagnostics);
            }
        }

        var outputs = layers.OfType<OutputLayerSyntax>().ToList();
        var relus = layers.OfType<ReluLayerSyntax>().ToList();
        if (outputs.Count == 0)
            ok = Unsupported(network.Keyword, "the network has no 'output' layer; end it with 'output 1'", diagnostics);
        if (relus.Count == 0)
            ok = Unsupported(network.Keyword, "the network has no hidden layer; add 'relu M' between 'input' and 'output'", diagnostics);
        if (relus.Count > 1)
        {
            ok = Unsupported(relus[1].Keyword,
                $"deep networks ({relus.Count} hidden ReLU layers) are not supported yet; use one 'relu M' layer", diagnostics);
        }

        var widths = new List<int>();
        foreach (var relu in relus)
        {
            var width = CountChecks.Positive(relu.Width, "the width of a 'relu' layer", int.MaxValue, diagnostics);
            if (width is null) ok = false;
            else widths.Add((int)width.Value);
        }

        var outputCount = 0;
        foreach (var output in outputs)
        {
            var count = CountChecks.Positive(output.Count, "the number of outputs", int.MaxValue, diagnostics);
            if (count is null)
            {
                ok = false;
            }
            else if (count.Value != 1)
            {
                ok = Unsupported(output.Count,
                    $"vector outputs (output {output.Count.Text}) are not supported yet; use output 1", diagnostics);
            }
            else
            {
                outputCount = 1;
            }
        }

        if (!ok || layers[0] is not InputLayerSyntax input) return null;

        var bias = input.Bias is null ? BiasMode.None
            : input.Unregularized is null ? BiasMode.Regularized
            : BiasMode.Unregularized;
        var hidden = relus.Zip(widths, (relu, width) => (LayerSpec)new ReluLayerSpec(width, relu.Span)).ToImmutableArray();
        var architecture = new FullyConnectedArchitecture((ReluLayerSpec)hidden[0]);
        return new NetworkSpec(InputSpec.Vector(bias, input.Span), hidden, outputCount, false, architecture, network.Span);
    }

    private static bool Unsupported(SyntaxNode at, string message, DiagnosticBag diagnostics)
    {
        diagnostics.Add(Diagnostic.Error(DiagnosticIds.UnsupportedNetwork, at.Span, message, Supported));
        return false;
    }
}
