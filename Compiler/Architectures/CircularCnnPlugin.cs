using ConicDsl.Compiler.Architectures.Sizing;
using System.Collections.Immutable;
using ConicDsl.Compiler.Architectures.Circular;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Compiler.Architectures;

/// <summary>
/// Circular CNNs (math.md §5, docs/architectures.md): full-length circular filters on signals or images.
/// One circular layer + dense ReLU is exact (§5.5); k ≥ 2 circular layers + dense ReLU is a lower bound (§5.6,
/// accepted only under <c>relaxation</c>); one circular layer without ReLU is the exact linear case (§5.4).
/// </summary>
public sealed class CircularCnnPlugin : IArchitecture
{
    public const string WireName = "circular_cnn";

    public string Name => WireName;

    public bool Handles(ArchitectureSpec spec) => spec is CircularCnnArchitecture;

    public (PatternSet? Patterns, ImmutableArray<Diagnostic> Diagnostics) BuildPatterns(
        Model model, Dataset data, CancellationToken cancellation, Action<long>? regions = null)
    {
        var refusals = Check(model);
        if (!refusals.IsEmpty) return (null, refusals);
        var spec = (CircularCnnArchitecture)model.Network.Architecture;
        if (!spec.Relu)
        {
            // A linear network has no ReLU, hence no hyperplanes: the whole space is its one region.
            var none = new double[data.Samples, 1];
            return (new CertifiedArrangementEnumerator(ExactPatterns.DefaultLimit).Build(none, cancellation), ImmutableArray<Diagnostic>.Empty);
        }
        // The unit's pre-activation is x'v: the cones are those of the fully connected network on X (math.md §5.5).
        return PatternStage.Build(model.Patterns, data.DesignMatrix(false), cancellation, regions);
    }

    public SizeEstimate? EstimateSize(Model model, Dataset data, PatternSet? patterns)
    {
        if (!Check(model).IsEmpty) return null;
        var (rows, columns) = Grid(model.Network.Input);
        return CircularSize.Estimate(model, data, patterns, RealFourierBasis.Create(rows, columns));
    }

    public LoweredProgram Lower(Model model, Dataset data, PatternSet patterns)
    {
        var spec = (CircularCnnArchitecture)model.Network.Architecture;
        var input = model.Network.Input;
        var (rows, columns) = Grid(input);
        var basis = RealFourierBasis.Create(rows, columns);
        var loss = LossFactory.Create(model.Loss);
        double beta = model.Regularizer.Beta;
        return spec.Relu
            ? CircularReluLowering.Lower(data, patterns, basis, input.Channels, spec.Convs.Length, loss, beta)
            : LinearCircularLowering.Lower(data, basis, input.Channels, loss, beta);
    }

    private static (int Rows, int Columns) Grid(InputSpec input) =>
        input.Shape == InputShape.Image ? (input.Dimensions[0], input.Dimensions[1]) : (1, input.Dimensions[0]);

    /// <summary>The variants the programs are proved for; anything else is refused with the reason.</summary>
    private static ImmutableArray<Diagnostic> Check(Model model)
    {
        var network = model.Network;
        var spec = (CircularCnnArchitecture)network.Architecture;
        var input = network.Input;
        var bag = ImmutableArray.CreateBuilder<Diagnostic>();
        void Refuse(SourceSpan span, string message, string hint) =>
            bag.Add(Diagnostic.Error(DiagnosticIds.UnsupportedNetwork, span, message, hint));

        if (input.Shape == InputShape.Vector)
        {
            Refuse(input.Span, "a circular CNN needs 'input signal L' or 'input image H W'", "declare the shape of the rows");
            return bag.ToImmutable();
        }
        if (input.Bias != BiasMode.None)
            Refuse(input.Span, "circular CNNs take no input bias (the spectral programs are proved without one)", "remove 'bias'");
        if (network.Outputs != 1)
            Refuse(network.Span, "circular CNNs have one output", "use 'output 1'");
        var full = input.Dimensions;
        foreach (var conv in spec.Convs)
        {
            if (conv.Kind != ConvKind.Circular)
                Refuse(conv.Span, "every convolution of a circular CNN must be 'conv circular'", "write 'conv circular filters M size …'");
            if (!conv.Size.SequenceEqual(full))
                Refuse(conv.Span, $"circular filters must be full length (size {string.Join(" ", full)}): with shorter support the spectral program is not the exact one (math.md §5.5, scope 1)",
                    $"use 'size {string.Join(" ", full)}'");
            if (conv.Stride != 1)
                Refuse(conv.Span, "circular filters take stride 1", "remove 'stride'");
            if (conv.Relu)
                Refuse(conv.Span, "a circular CNN has its one ReLU after the dense layer, not after the convolution",
                    "remove 'relu' from the conv line and use 'dense relu'");
            if (conv.Filters != spec.Convs[0].Filters)
                Refuse(conv.Span, "later circular layers act per chain (one filter each), so they declare as many filters as the first",
                    $"use 'filters {spec.Convs[0].Filters}'");
        }
        if (spec.Relu)
        {
            foreach (var conv in spec.Convs.Where(c => !c.UnitNorm))
                Refuse(conv.Span, "with a ReLU the circular filters must be 'unit_norm': decaying them too makes the unit cost non-convex (math.md §5.5, scope 2)",
                    "add 'unit_norm'");
            if (spec.Convs.Length > 1 && !network.Relaxation)
                Refuse(spec.Convs[1].Span, $"{spec.Convs.Length} circular layers before the ReLU give only a lower bound (math.md §5.6)",
                    "add 'relaxation' to accept a lower bound with a recovered upper bound, or keep one circular layer");
        }
        else
        {
            if (spec.Convs.Length != 1)
                Refuse(spec.Convs[1].Span, "a linear circular CNN is lowered with one circular layer", "keep one 'conv circular' layer");
            if (spec.Convs[0].UnitNorm)
                Refuse(spec.Convs[0].Span, "a linear circular CNN decays its filters (math.md §5.4); 'unit_norm' is for the ReLU network",
                    "remove 'unit_norm', or add 'dense relu'");
        }
        return bag.ToImmutable();
    }
}
