using ConicDsl.Compiler.Architectures.Sizing;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Architectures.ConvDense;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures;

/// <summary>
/// Three-layer CNN with two ReLU layers (math.md §6; docs/architectures.md): per sub-network a unit-norm conv filter,
/// ReLU at each of the K positions, a dense layer over the positions, ReLU, an output weight. Cones are indexed by
/// (first-layer patterns, signs of the dense weights, second-layer pattern) over the lifted C = [u_k w_k]. A filter
/// per position (<c>conv local</c>, E2) gives an exact §1 program with N = ‖C‖_F; a shared filter (E1) needs C rank
/// one, which the program relaxes with N = ‖C‖_*, a lower bound whose solution is checked for rank one.
/// </summary>
public sealed class ConvDenseArchitecture : IArchitecture
{
    public string Name => ConvDenseNetwork.Name;

    public bool Handles(ArchitectureSpec spec) => spec is ThreeLayerCnnArchitecture { Conv.Kind: ConvKind.Local or ConvKind.Shared };

    public (PatternSet? Patterns, ImmutableArray<Diagnostic> Diagnostics) BuildPatterns(
        Model model, Dataset data, CancellationToken cancellation, Action<long>? regions = null)
    {
        var (layout, refusal) = Layout(model);
        if (layout is null) return (null, ImmutableArray.Create(refusal!));
        var x = new SubnetworkPatches(layout, data, Spec(model).Conv.Kind == ConvKind.Shared);
        switch (model.Patterns)
        {
            case ExactPatterns exact:
                var estimate = ExactSubnetworkCones.Estimate(x, exact.Limit);
                if (estimate.ExceedsLimit) return (null, ImmutableArray.Create(TooLarge(exact, estimate.Bound, x)));
                try
                {
                    return (new ExactSubnetworkCones(exact.Limit).Build(x, cancellation), ImmutableArray<Diagnostic>.Empty);
                }
                catch (ExactEnumerationRefusedException)
                {
                    return (null, ImmutableArray.Create(TooLarge(exact, exact.Limit + 1, x)));
                }
            case SampledPatterns sampled:
                return (new SampledSubnetworkCones(sampled.Count, sampled.Seed).Build(x, cancellation), ImmutableArray<Diagnostic>.Empty);
            default:
                throw new ArgumentOutOfRangeException(nameof(model), model.Patterns, "unknown pattern source");
        }
    }

    public SizeEstimate? EstimateSize(Model model, Dataset data, PatternSet? patterns)
    {
        var (layout, _) = Layout(model);
        return layout is null ? null
            : ConvDenseSize.Estimate(model, data, patterns, new SubnetworkPatches(layout, data, Spec(model).Conv.Kind == ConvKind.Shared));
    }

    public LoweredProgram Lower(Model model, Dataset data, PatternSet patterns)
    {
        var (layout, refusal) = Layout(model);
        if (layout is null) throw new InvalidOperationException(refusal!.Message);
        var spec = Spec(model);
        bool shared = spec.Conv.Kind == ConvKind.Shared;
        var x = new SubnetworkPatches(layout, data, shared);
        var cones = new List<SubnetworkCone>(patterns.Count);
        var blocks = new List<ConeBlock>(patterns.Count);
        for (int i = 0; i < patterns.Count; i++)
        {
            var cone = SubnetworkCone.Read(patterns, i, x.Samples, x.Positions);
            cones.Add(cone);
            blocks.Add(SubnetworkRows.Block(i, x, cone));
        }
        var facts = ImmutableArray.Create(ConesFact(x, cones, patterns));

        double beta = model.Regularizer.Beta;
        var loss = LossFactory.Create(model.Loss);
        IBlockPenalty penalty = shared ? new NuclearNormPenalty(x.Size, x.Positions) : GroupNormPenalty.Euclidean(x.Dimension);
        var (program, programLayout) = ConeBlockProgram.Build(blocks, penalty, loss, data.Targets(), beta);
        IUnitFactory units = shared
            ? new SharedFilterUnits(model.Network.Input, spec.Conv, x, cones, facts)
            : new LocalFilterUnits(model.Network.Input, spec.Conv, x, cones, facts);
        var recovery = new ConeBlockRecovery(data, loss, beta, blocks, penalty, programLayout, units);
        return shared
            ? new LoweredProgram(Name, program, recovery, ProgramClaim.LowerBound,
                "three-layer CNN with a shared filter (E1): nuclear-norm relaxation of the rank-one lifted weights, a lower bound; exact when every block is rank one and its factors stay in the cone (math.md §6)")
            : new LoweredProgram(Name, program, recovery, ProgramClaim.Exact,
                "three-layer CNN with a filter per position (E2), exact convex reformulation over (first-layer regions, signs, second-layer region) cones (math.md §6)");
    }

    private static ThreeLayerCnnArchitecture Spec(Model model) => (ThreeLayerCnnArchitecture)model.Network.Architecture;

    /// <summary>The patches, or the located reason there are none. The checker already refuses these shapes; the
    /// plug-in repeats the checks because models can also be built without it.</summary>
    private static (PatchLayout? Layout, Diagnostic? Refusal) Layout(Model model)
    {
        var input = model.Network.Input;
        var conv = Spec(model).Conv;
        if (input.Bias != BiasMode.None)
            return (null, Diagnostic.Error(DiagnosticIds.UnsupportedNetwork, input.Span,
                "the three-layer CNN has no bias: its cones (math.md §6) are derived for filters without one",
                "remove 'bias' from the input statement"));
        if (!conv.UnitNorm || !conv.Relu)
            return (null, Diagnostic.Error(DiagnosticIds.UnsupportedNetwork, conv.Span,
                "the three-layer CNN needs 'unit_norm relu' on its conv layer: filters of norm ≤ 1 followed by the first ReLU (math.md §6)",
                "add 'unit_norm relu' to the conv layer"));
        var layout = input.Shape == InputShape.Vector ? null : PatchLayout.Create(input, conv.Size, conv.Stride);
        if (layout is null)
            return (null, Diagnostic.Error(DiagnosticIds.UnsupportedNetwork, conv.Span,
                $"the kernel {string.Join(" x ", conv.Size)} with stride {conv.Stride} does not fit the input",
                "declare 'input signal …' or 'input image …' and use a kernel no larger than it"));
        return (layout, null);
    }

    private static Diagnostic TooLarge(ExactPatterns spec, System.Numerics.BigInteger bound, SubnetworkPatches x) =>
        Diagnostic.Error(DiagnosticIds.ArrangementTooLarge, spec.Span,
            $"exact enumeration may produce up to {bound.ToString("N0", CultureInfo.InvariantCulture)} three-layer CNN cones " +
            $"(n = {x.Samples} samples, K = {x.Positions} positions, h = {x.Size}: first-layer regions × signs × second-layer regions), " +
            $"above the limit {spec.Limit.ToString("N0", CultureInfo.InvariantCulture)}",
            "use 'arrangements sample N seed S' (an upper bound on the optimum), or raise the limit with 'arrangements exact limit N'");

    private static ReportFact ConesFact(SubnetworkPatches x, List<SubnetworkCone> cones, PatternSet patterns)
    {
        int products = cones.Select(c => string.Concat(c.FirstLayer.Select(b => b ? '1' : '0')) + string.Join(",", c.Signs)).Distinct().Count();
        return new ReportFact("three_layer_cones", new JsonObject
            {
                ["filter"] = x.Shared ? "shared (E1)" : "per position (E2)",
                ["positions"] = x.Positions,
                ["patch_size"] = x.Size,
                ["first_layer_choices"] = products,
                ["cones"] = cones.Count,
                ["bound"] = patterns.Bound,
            },
            $"{cones.Count} cones from {products} first-layer choices (patterns and signs of the K = {x.Positions} positions, h = {x.Size}) " +
            $"and the second-layer regions inside each; bound {patterns.BoundExact:N0}");
    }
}
