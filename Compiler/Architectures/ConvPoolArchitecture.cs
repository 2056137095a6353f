using System.Collections.Immutable;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Architectures.ConvPool;
using ConicDsl.Compiler.Architectures.Sizing;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures;

/// <summary>
/// Two-layer CNN, f(x) = Σ_j α_j·pool_k (x_kᵀu_j)_+ with sum, mean or max pooling and no bias (math.md §4;
/// docs/architectures.md). Sum and mean pooling take the patterns of the stacked patch matrix (§4.2); max pooling
/// takes the arrangement of patches and patch differences and reads winner-and-sign cones from it (§4.3). Both are
/// §1 programs with N = ‖·‖₂, exact with every region.
/// </summary>
public sealed class ConvPoolArchitecture : IArchitecture
{
    public string Name => ConvPoolNetwork.Name;

    public bool Handles(ArchitectureSpec spec) => spec is TwoLayerCnnArchitecture;

    public (PatternSet? Patterns, ImmutableArray<Diagnostic> Diagnostics) BuildPatterns(
        Model model, Dataset data, CancellationToken cancellation, Action<long>? regions = null)
    {
        var (layout, refusal) = Layout(model);
        if (layout is null) return (null, ImmutableArray.Create(refusal!));
        var rows = Spec(model).Pool.Kind == PoolKind.Max ? MaxPoolCones.Hyperplanes(layout, data) : layout.Stacked(data);
        return PatternStage.Build(model.Patterns, rows, cancellation, regions);
    }

    public SizeEstimate? EstimateSize(Model model, Dataset data, PatternSet? patterns)
    {
        var (layout, _) = Layout(model);
        var pooling = Spec(model).Pool.Kind;
        if (layout is null) return null;
        if (pooling == PoolKind.Max) return MaxPoolSize.Estimate(model, data, patterns, layout);
        return ConvPoolSize.Estimate(model, data, patterns, layout, pooling == PoolKind.Mean ? 1.0 / layout.Count : 1.0);
    }

    public LoweredProgram Lower(Model model, Dataset data, PatternSet patterns)
    {
        var (layout, refusal) = Layout(model);
        if (layout is null) throw new InvalidOperationException(refusal!.Message);
        var spec = Spec(model);
        var pooling = spec.Pool.Kind;
        List<ConeBlock> blocks;
        var facts = ImmutableArray.CreateBuilder<ReportFact>();
        facts.Add(PatchFact(model.Network.Input, spec.Conv, layout));
        string reason;
        if (pooling == PoolKind.Max)
        {
            var cones = MaxPoolCones.Build(layout, data, patterns);
            blocks = cones.Blocks;
            facts.Add(new ReportFact("cnn_cones", blocks.Count,
                $"{blocks.Count} (winning position, sign) cones with a nonzero map, read from {patterns.Count} regions of the {MaxPoolCones.RowsPerSample(layout.Count)}·n patch and patch-difference hyperplanes"));
            facts.Add(new ReportFact("cnn_rounding_slivers", cones.Slivers,
                cones.Slivers == 0
                    ? "0 (every region had a consistent winner)"
                    : $"{cones.Slivers} region(s) with no consistent winner on the rounded difference rows (relative width ~1e-16): winner taken from the region's interior point"));
            reason = "two-layer CNN with max pooling, exact convex reformulation over (winning position, sign) cones (math.md §4.3)";
        }
        else
        {
            blocks = StackedPatchCones.Build(layout, data, patterns, pooling == PoolKind.Mean ? 1.0 / layout.Count : 1.0);
            facts.Add(new ReportFact("cnn_cones", blocks.Count,
                $"{blocks.Count} cones: patterns of the stacked patch matrix with a nonzero map"));
            reason = pooling == PoolKind.Mean
                ? "two-layer CNN with mean pooling, exact convex reformulation over the stacked-patch arrangement, maps divided by K (math.md §4.2)"
                : "two-layer CNN with sum pooling, exact convex reformulation over the stacked-patch arrangement (math.md §4.2)";
        }

        double beta = model.Regularizer.Beta;
        var loss = LossFactory.Create(model.Loss);
        var penalty = GroupNormPenalty.Euclidean(layout.Size);
        var (program, programLayout) = ConeBlockProgram.Build(blocks, penalty, loss, data.Targets(), beta);
        var units = new ConvPoolUnits(model.Network.Input, spec.Conv, pooling, layout, facts.ToImmutable());
        var recovery = new ConeBlockRecovery(data, loss, beta, blocks, penalty, programLayout, units);
        return new LoweredProgram(Name, program, recovery, ProgramClaim.Exact, reason);
    }

    private static TwoLayerCnnArchitecture Spec(Model model) => (TwoLayerCnnArchitecture)model.Network.Architecture;

    /// <summary>The patches, or the located reason there are none this lowering can use.</summary>
    private static (PatchLayout? Layout, Diagnostic? Refusal) Layout(Model model)
    {
        var input = model.Network.Input;
        var conv = Spec(model).Conv;
        if (input.Bias != BiasMode.None)
            return (null, Diagnostic.Error(DiagnosticIds.UnsupportedNetwork, input.Span,
                "the two-layer CNN has no bias: its convex program (math.md §4) is derived for filters without one",
                "remove 'bias' from the input statement"));
        if (conv.Kind != ConvKind.Shared)
            return (null, Diagnostic.Error(DiagnosticIds.UnsupportedNetwork, conv.Span,
                "the two-layer CNN with pooling needs one shared filter slid over the input",
                "write 'conv filters M size K …' without 'circular' or 'local'"));
        if (input.Shape == InputShape.Vector)
            return (null, Diagnostic.Error(DiagnosticIds.UnsupportedNetwork, input.Span,
                "a convolution needs the shape of the input rows",
                "declare 'input signal LENGTH [channels C]' or 'input image HEIGHT WIDTH [channels C]'"));
        var layout = PatchLayout.Create(input, conv.Size, conv.Stride);
        if (layout is null)
            return (null, Diagnostic.Error(DiagnosticIds.UnsupportedNetwork, conv.Span,
                $"the kernel {string.Join(" x ", conv.Size)} with stride {conv.Stride} does not fit the {input.Shape.ToString().ToLowerInvariant()} input {string.Join(" x ", input.Dimensions)}",
                "use a kernel no larger than the input and a stride of at least 1"));
        return (layout, null);
    }

    private static ReportFact PatchFact(InputSpec input, ConvLayerSpec conv, PatchLayout layout) =>
        new("cnn_patches", new JsonObject
            {
                ["positions"] = layout.Count,
                ["grid"] = new JsonArray(layout.PositionGrid.Select(p => (JsonNode)p).ToArray()),
                ["patch_size"] = layout.Size,
                ["kernel"] = new JsonArray(conv.Size.Select(k => (JsonNode)k).ToArray()),
                ["stride"] = conv.Stride,
                ["channels"] = input.Channels,
            },
            $"K = {layout.Count} positions (grid {string.Join(" x ", layout.PositionGrid)}) of h = {layout.Size} entries (kernel {string.Join(" x ", conv.Size)}, stride {conv.Stride}, {input.Channels} channel(s))");
}
