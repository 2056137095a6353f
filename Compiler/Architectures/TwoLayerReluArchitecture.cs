using System.Collections.Immutable;
using ConicDsl.Compiler.Architectures.Sizing;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.FirstOrder;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures;

/// <summary>Two-layer fully connected ReLU network (math.md §2): patterns of the arrangement of X̃.</summary>
public sealed class TwoLayerReluArchitecture : IArchitecture, IStructuredArchitecture
{
    public string Name => TwoLayerReluLowering.Architecture;

    public bool Handles(ArchitectureSpec spec) => spec is FullyConnectedArchitecture;

    public (PatternSet? Patterns, ImmutableArray<Diagnostic> Diagnostics) BuildPatterns(
        Model model, Dataset data, CancellationToken cancellation, Action<long>? regions = null) =>
        PatternStage.Build(model.Patterns, data.DesignMatrix(model.Network.Bias != BiasMode.None), cancellation, regions);

    public LoweredProgram Lower(Model model, Dataset data, PatternSet patterns) =>
        TwoLayerReluLowering.Lower(model, data, patterns);

    public SizeEstimate? EstimateSize(Model model, Dataset data, PatternSet? patterns) =>
        TwoLayerReluSize.Estimate(model, data, patterns);

    public (StructuredLowering? Lowering, string? Refusal) LowerStructured(Model model, Dataset data, PatternSet patterns)
    {
        if (!TwoLayerReluLowering.Accepts(model)) return (null, "the first-order solvers take the two-layer scalar-output ReLU network only");
        if (model.Loss.Kind != LossKind.Squared) return (null, $"the first-order solvers take the squared loss only, not {model.Loss.Kind.ToString().ToLowerInvariant()}");
        var bias = model.Network.Bias;
        var x = data.DesignMatrix(bias != BiasMode.None);
        int d = x.GetLength(1);
        double beta = model.Regularizer.Beta;
        bool unregularized = bias == BiasMode.Unregularized;
        var problem = GroupLassoProblems.Build(x, patterns, data.Targets(), beta, unregularized ? d - 1 : d,
            constrained: true, freeOutputOffset: unregularized);
        var recovery = new TwoLayerReluRecovery(data, patterns, bias, LossFactory.Create(model.Loss), beta,
            0, patterns.Count * d, StructuredLowering.OutputOffsetIndex(problem), d);
        return (new StructuredLowering(problem, recovery, ProgramClaim.Exact,
            "two-layer ReLU network, exact convex reformulation (math.md §2.2), solved without the standard form"), null);
    }
}
