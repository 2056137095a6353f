using System.Collections.Immutable;
using ConicDsl.Compiler.Architectures.Sizing;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.FirstOrder;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures;

/// <summary>
/// Gated ReLU network (math.md §2.6): f(x) = Σ_i α_i·1[x̃ᵀg_i ≥ 0]·(x̃ᵀu_i) with one fixed gate g_i per pattern of the
/// model's pattern set — the drawn Gaussian gate for <c>arrangements sample</c>, the region's interior witness for
/// <c>arrangements exact</c>. With (β/2)Σ(‖u_i‖² + α_i²) the training problem is exactly the group lasso
/// <code>
/// minimize L(ŷ) + β Σ_i ‖w_i‖₂   s.t.  ŷ = Σ_i D_i X̃ w_i   (zero cone, n rows; no cone constraints, no v/w split)
/// </code>
/// with u_i = w_i/√‖w_i‖, α_i = √‖w_i‖. The optimum is the global optimum of the gated model with these gates, not
/// of the ReLU network (for which it is only a lower bound over the same patterns, §2.6).
/// </summary>
public sealed class GatedReluPlugin : IArchitecture, IStructuredArchitecture
{
    public string Name => GatedReluNetwork.Name;

    public bool Handles(ArchitectureSpec spec) => spec is GatedReluArchitecture;

    public (PatternSet? Patterns, ImmutableArray<Diagnostic> Diagnostics) BuildPatterns(
        Model model, Dataset data, CancellationToken cancellation, Action<long>? regions = null) =>
        PatternStage.Build(model.Patterns, data.DesignMatrix(model.Network.Bias != BiasMode.None), cancellation, regions);

    public LoweredProgram Lower(Model model, Dataset data, PatternSet patterns)
    {
        bool bias = model.Network.Bias != BiasMode.None;
        if (model.Network.Bias == BiasMode.Unregularized)
            throw new InvalidOperationException("gated_relu with an unregularized bias is refused by the checker");
        var x = data.DesignMatrix(bias);
        var gates = Gates(x, patterns);
        var loss = LossFactory.Create(model.Loss);
        double beta = model.Regularizer.Beta;
        int n = x.GetLength(0), d = x.GetLength(1);
        var blocks = new List<ConeBlock>(patterns.Count);
        for (int i = 0; i < patterns.Count; i++)
        {
            var map = new double[n, d];
            for (int k = 0; k < n; k++)
                if (patterns.IsActive(i, k))
                    for (int j = 0; j < d; j++) map[k, j] = x[k, j];
            blocks.Add(new ConeBlock(i, map, new double[0, d]));
        }
        var penalty = GroupNormPenalty.Euclidean(d);
        var (program, layout) = ConeBlockProgram.Build(blocks, penalty, loss, data.Targets(), beta, signedBlocks: false);
        var recovery = new ConeBlockRecovery(data, loss, beta, blocks, penalty, layout,
            new GatedReluUnits(model.Network.Bias, gates, d));
        string source = patterns.Source == PatternSet.SourceExact
            ? "one interior gate per region of the arrangement"
            : $"the {patterns.Count} distinct-pattern Gaussian gates of {patterns.Draws} drawn";
        string reason = $"gated ReLU with fixed gates ({source}), exact group-lasso reformulation (math.md §2.6): " +
                        "the global optimum of the gated model with these gates, not of the ReLU network";
        return new LoweredProgram(Name, program, recovery, ProgramClaim.ExactForGates, reason);
    }

    public SizeEstimate? EstimateSize(Model model, Dataset data, PatternSet? patterns) =>
        GatedReluSize.Estimate(model, data, patterns);

    public (StructuredLowering? Lowering, string? Refusal) LowerStructured(Model model, Dataset data, PatternSet patterns)
    {
        if (model.Loss.Kind != LossKind.Squared) return (null, $"the first-order solvers take the squared loss only, not {model.Loss.Kind.ToString().ToLowerInvariant()}");
        if (model.Network.Bias == BiasMode.Unregularized)
            throw new InvalidOperationException("gated_relu with an unregularized bias is refused by the checker");
        bool bias = model.Network.Bias != BiasMode.None;
        var x = data.DesignMatrix(bias);
        int d = x.GetLength(1);
        double beta = model.Regularizer.Beta;
        var problem = GroupLassoProblems.Build(x, patterns, data.Targets(), beta, d, constrained: false, freeOutputOffset: false);
        var layout = new ConeBlockProgram.Layout(Enumerable.Range(0, patterns.Count).Select(i => i * d).ToArray(), null, null);
        var recovery = new ConeBlockRecovery(data, LossFactory.Create(model.Loss), beta, patterns.Count,
            GroupNormPenalty.Euclidean(d), layout, new GatedReluUnits(model.Network.Bias, Gates(x, patterns), d));
        return (new StructuredLowering(problem, recovery, ProgramClaim.ExactForGates,
            "gated ReLU with fixed gates, exact group-lasso reformulation (math.md §2.6), solved without the standard form"), null);
    }

    /// <summary>The gate of each pattern, checked to reproduce it on X̃ (ties open), so the network's forward pass and
    /// the program agree on the training data.</summary>
    internal static double[][] Gates(double[,] x, PatternSet patterns)
    {
        var gates = new double[patterns.Count][];
        for (int i = 0; i < patterns.Count; i++)
        {
            gates[i] = patterns.Witness(i).ToArray();
            var active = ArrangementSampler.Pattern(x, gates[i]);
            for (int s = 0; s < active.Length; s++)
                if (active[s] != patterns.IsActive(i, s))
                    throw new InvalidOperationException($"the witness of pattern {i} does not reproduce it at sample {s}");
        }
        return gates;
    }
}
