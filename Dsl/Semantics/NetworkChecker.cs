using System.Collections.Immutable;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Syntax;

namespace ConicDsl.Dsl.Semantics;

/// <summary>
/// Checks the structure of a network block — one <c>input</c> first, <c>output C</c> last, at most one
/// <c>relaxation</c> — and hands the input and the hidden layers to <see cref="InputChecker"/>,
/// <see cref="LayerChecker"/> and <see cref="ArchitectureResolver"/>. The parser accepts any sequence of lines so
/// that these checks can say what is supported rather than report a syntax error.
/// </summary>
internal static class NetworkChecker
{
    public static NetworkSpec? Check(NetworkSyntax network, DiagnosticBag diagnostics,
        RegularizerKind regularizer = RegularizerKind.WeightDecay)
    {
        // Broken lines were reported by the parser; judging the shape without them would only add noise.
        if (network.Layers.Any(l => l is InvalidLayerSyntax)) return null;

        var relaxation = Relaxation(network, diagnostics, out var ok);
        var layers = network.Layers.Where(l => l is not RelaxationSyntax).ToImmutableArray();
        if (layers.IsEmpty)
        {
            SupportedNetworks.Refuse(network.Keyword, "the network block has no layers", SupportedNetworks.FullyConnected,
                diagnostics);
            return null;
        }

        ok &= CheckOrder(network, layers, diagnostics);
        var outputs = CheckOutputs(layers, diagnostics, ref ok);

        // Without an input line the layers are judged as if it were a plain 'input' (its absence is reported).
        var inputSyntax = layers.OfType<InputLayerSyntax>().FirstOrDefault();
        var inputOk = true;
        var input = inputSyntax is null ? InputSpec.Vector(BiasMode.None, network.Keyword.Span)
            : InputChecker.Check(inputSyntax, diagnostics, out inputOk);
        if (input is null) return null;
        ok &= inputOk;

        var hidden = layers.Where(l => l is not (InputLayerSyntax or OutputLayerSyntax))
            .Select(l => LayerChecker.Check(l, input, diagnostics)).ToList();
        if (hidden.Any(l => l is null)) return null;

        var architecture = ArchitectureResolver.Resolve(network, input, hidden!, relaxation, diagnostics);
        if (!ok || architecture is null || inputSyntax is null) return null;
        if (outputs > 1)
        {
            architecture = VectorOutputChecks.Resolve(architecture, layers.OfType<OutputLayerSyntax>().Single(), outputs,
                input, relaxation, regularizer, diagnostics);
            if (architecture is null) return null;
        }

        if (relaxation?.Tight is { } tight && architecture is not VectorOutputArchitecture)
        {
            SupportedNetworks.Refuse(tight, "'relaxation tight' (math.md §7.2(2)) applies to vector outputs only",
                "write 'relaxation', or use 'output C' with C ≥ 2 on a 'relu M' network", diagnostics);
            return null;
        }

        if (relaxation is not null && !ArchitectureResolver.IsLowerBound(architecture))
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticIds.IneffectiveRelaxation, relaxation.Keyword.Span,
                "'relaxation' has no effect: the program for this network is exact",
                "remove 'relaxation'; it only accepts programs that are a lower bound (several circular conv layers, " +
                "or the shared-filter three-layer CNN)"));
        }

        return new NetworkSpec(input, hidden.Select(l => l!.Spec).ToImmutableArray(), outputs, relaxation is not null,
            architecture, network.Span);
    }

    private static RelaxationSyntax? Relaxation(NetworkSyntax network, DiagnosticBag diagnostics, out bool ok)
    {
        var lines = network.Layers.OfType<RelaxationSyntax>().ToList();
        ok = lines.Count <= 1;
        foreach (var duplicate in lines.Skip(1))
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.DuplicateStatement, duplicate.Keyword.Span,
                "duplicate 'relaxation'; a network block says it at most once",
                $"the first 'relaxation' is on line {lines[0].Keyword.Span.Line}; remove this one"));
        }

        return lines.FirstOrDefault();
    }

    private static bool CheckOrder(NetworkSyntax network, ImmutableArray<LayerSyntax> layers, DiagnosticBag diagnostics)
    {
        var ok = true;
        for (var k = 0; k < layers.Length; k++)
        {
            var layer = layers[k];
            if (k == 0 && layer is not InputLayerSyntax)
            {
                ok = Refuse(layer.Keyword, $"the network must start with 'input', found '{layer.Keyword.Text}'", diagnostics);
            }
            else if (k > 0 && layer is InputLayerSyntax)
            {
                ok = Refuse(layer.Keyword, "'input' must be the first layer and appear once", diagnostics);
            }
            else if (k < layers.Length - 1 && layer is OutputLayerSyntax)
            {
                ok = Refuse(layer.Keyword, "'output' must be the last layer and appear once", diagnostics);
            }
        }

        if (!layers.OfType<OutputLayerSyntax>().Any())
            ok = Refuse(network.Keyword, "the network has no 'output' layer; end it with 'output 1'", diagnostics);
        return ok;
    }

    /// <summary>The number of outputs C (≥ 1); C ≥ 2 is judged by <see cref="VectorOutputChecks"/>.</summary>
    private static int CheckOutputs(ImmutableArray<LayerSyntax> layers, DiagnosticBag diagnostics, ref bool ok)
    {
        var outputCount = 0;
        foreach (var output in layers.OfType<OutputLayerSyntax>())
        {
            var count = CountChecks.Positive(output.Count, "the number of outputs", int.MaxValue, diagnostics);
            if (count is null)
            {
                ok = false;
            }
            else
            {
                outputCount = (int)count.Value;
            }
        }

        return outputCount;
    }

    private static bool Refuse(SyntaxNode at, string message, DiagnosticBag diagnostics) =>
        SupportedNetworks.Refuse(at, message, SupportedNetworks.FullyConnected, diagnostics);
}
