using System.Collections.Immutable;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Conic;
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
public sealed class GatedReluPlugin : IArchitecture
{
    public string Name => GatedReluNetwork.Name;

    public bool Handles(ArchitectureSpec spec) => spec is GatedReluArchitecture;

    public (PatternSet? Patterns, ImmutableArray<Diagnostic> Diagnostics) BuildPatterns(
        Model model, Dataset data, CancellationToken cancellation) =>
        PatternStage.Build(model.Patterns, data.DesignMatrix(model.Network.Bias != BiasMode.None), cancellation);

    public LoweredProgram Lower(Model model, Dataset data, PatternSet patterns)
    {
        bool bias = model.Network.Bias != BiasMode.None;
        if (model.Network.Bias == BiasMode.Unregularized)
            throw new InvalidOperationException("gated_relu with an unregularized bias is refused by the checker");
        var x = data.DesignMatrix(bias);
        var gates = Gates(x, patterns);
        var loss = LossFactory.Create(model.Loss);
        double beta = model.Regularizer.Beta;
        var (program, offsets) = Build(x, patterns, loss, data.Targets(), beta);
        var recovery = new GatedReluRecovery(data, loss, beta, model.Network.Bias, gates, offsets, x.GetLength(1));
        string source = patterns.Source == PatternSet.SourceExact
            ? "one interior gate per region of the arrangement"
            : $"the {patterns.Count} distinct-pattern Gaussian gates of {patterns.Draws} drawn";
        string reason = $"gated ReLU with fixed gates ({source}), exact group-lasso reformulation (math.md §2.6): " +
                        "the global optimum of the gated model with these gates, not of the ReLU network";
        return new LoweredProgram(Name, program, recovery, ProgramClaim.ExactForGates, reason);
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

    /// <summary>The group-lasso program; returns the offset of each w_i.</summary>
    internal static (ConicProgram Program, int[] Offsets) Build(
        double[,] x, PatternSet patterns, ILoss loss, ReadOnlySpan<double> targets, double beta)
    {
        int n = x.GetLength(0), d = x.GetLength(1), count = patterns.Count;
        var b = new ConicProgramBuilder();
        var yhat = b.AddVariables("prediction", n);
        var w = b.AddVariables("w", count * d);
        var t = b.AddVariables("norm", count);
        var definition = b.AddRows("prediction_definition", ConeKind.Zero, n);
        for (int k = 0; k < n; k++) definition.Add(k, yhat.Offset + k, 1.0);
        var offsets = new int[count];
        for (int i = 0; i < count; i++)
        {
            offsets[i] = w.Offset + i * d;
            for (int k = 0; k < n; k++)
            {
                if (!patterns.IsActive(i, k)) continue;
                for (int j = 0; j < d; j++)
                    if (x[k, j] != 0) definition.Add(k, offsets[i] + j, -x[k, j]);
            }
        }
        for (int i = 0; i < count; i++)
        {
            var soc = b.AddRows($"norm[{i}]", ConeKind.SecondOrder, d + 1);
            soc.Add(0, t.Offset + i, 1.0);
            for (int j = 0; j < d; j++) soc.Add(j + 1, offsets[i] + j, 1.0);
            b.AddLinearObjective(t.Offset + i, beta);
        }
        loss.Emit(b, yhat, targets);
        return (b.Build(), offsets);
    }
}

/// <summary>
/// w_i → the unit (g_i, u_i = w_i/√‖w_i‖, α_i = √‖w_i‖), which outputs D_i X̃ w_i at cost ‖w_i‖ = ½(‖u_i‖² + α_i²).
/// Negligible blocks are dropped, and linearly dependent ones pruned (§10.3), only when the rebuilt network's objective
/// does not move (rise, for pruning).
/// </summary>
internal sealed class GatedReluRecovery : IRecoveryMap
{
    private const double SimplificationTolerance = 1e-9;
    private static readonly double[] DropThresholds = { 1e-6, 1e-8, 1e-10 };

    private readonly Dataset _data;
    private readonly ILoss _loss;
    private readonly double _beta;
    private readonly BiasMode _bias;
    private readonly double[][] _gates;
    private readonly int[] _offsets;
    private readonly int _dimension;

    public GatedReluRecovery(Dataset data, ILoss loss, double beta, BiasMode bias, double[][] gates, int[] offsets, int dimension)
    {
        _data = data;
        _loss = loss;
        _beta = beta;
        _bias = bias;
        _gates = gates;
        _offsets = offsets;
        _dimension = dimension;
    }

    public double Objective(ITrainedNetwork network) => NonConvexObjective.Evaluate(network, _data, _loss, _beta);

    public Recovery.Recovery Recover(ReadOnlySpan<double> solution)
    {
        var blocks = new List<(int Gate, double[] W, double Norm)>();
        for (int i = 0; i < _offsets.Length; i++)
        {
            var w = solution.Slice(_offsets[i], _dimension).ToArray();
            double norm = Math.Sqrt(w.Sum(e => e * e));
            if (norm > 0) blocks.Add((i, w, norm));
        }
        int nonzero = blocks.Count;
        var best = Build(blocks);
        double bestObjective = Objective(best);
        double scale = 1 + Math.Abs(bestObjective);
        int dropped = 0;
        double dropChange = 0;
        double max = blocks.Count == 0 ? 0 : blocks.Max(b => b.Norm);
        foreach (var threshold in DropThresholds)
        {
            var kept = blocks.Where(b => b.Norm > threshold * max).ToList();
            if (kept.Count == blocks.Count) break;
            var candidate = Build(kept);
            double change = Objective(candidate) - bestObjective;
            if (Math.Abs(change) <= SimplificationTolerance * scale)
            {
                dropped = blocks.Count - kept.Count;
                dropChange = change;
                blocks = kept;
                best = candidate;
                bestObjective += change;
                break;
            }
        }

        // §10.3 pruning: with fixed gates any w_i ≥ 0-scaling keeps unit i's gate, so linearly dependent
        // contributions D_i X̃ w_i can be scaled away without changing predictions or raising the penalty.
        int prunedCount = 0;
        if (blocks.Count > 1)
        {
            var contributions = blocks.Select(b => Build(new[] { b }).Predict(_data)).ToList();
            var scales = NeuronPruning.Scales(contributions, blocks.Select(b => b.Norm).ToList());
            var pruned = Enumerable.Range(0, blocks.Count).Where(i => scales[i] > 0)
                .Select(i => (blocks[i].Gate, blocks[i].W.Select(e => e * scales[i]).ToArray(), blocks[i].Norm * scales[i]))
                .ToList();
            if (pruned.Count < blocks.Count)
            {
                var candidate = Build(pruned);
                if (Objective(candidate) <= bestObjective + SimplificationTolerance * scale)
                {
                    prunedCount = blocks.Count - pruned.Count;
                    best = candidate;
                }
            }
        }
        return new Recovery.Recovery(best, nonzero, dropped, dropChange, 0, prunedCount);
    }

    private GatedReluNetwork Build(IEnumerable<(int Gate, double[] W, double Norm)> blocks)
    {
        bool bias = _bias != BiasMode.None;
        int features = bias ? _dimension - 1 : _dimension;
        var neurons = blocks.Select(b =>
        {
            double root = Math.Sqrt(b.Norm);
            var u = b.W.Select(e => e / root).ToArray();
            var g = _gates[b.Gate];
            return new GatedNeuron(
                g.Take(features).ToImmutableArray(), bias ? g[features] : 0.0,
                u.Take(features).ToImmutableArray(), bias ? u[features] : 0.0, root);
        });
        return new GatedReluNetwork(_bias, neurons.ToImmutableArray());
    }
}
