using ConicDsl.Compiler.Architectures.Sizing;
using System.Collections.Immutable;
using ConicDsl.Compiler.Architectures.VectorOutput;
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
/// Two-layer ReLU network with C ≥ 2 outputs (math.md §7): f(x) = Σ_j (x̃ᵀu_j)_+ v_jᵀ with (β/2)Σ(‖u_j‖² + ‖v_j‖²).
/// Its exact convex program (§7.1) penalises each pattern's block Z_i ∈ R^{d×C} with a cone-constrained nuclear norm
/// that is NP-hard to evaluate; this plug-in lowers the tractable relaxation §7.2(1) that drops the cone:
/// <code>
/// minimize L(Ŷ) + β Σ_i ‖Z_i‖_*   s.t.  Ŷ = Σ_i D_i X̃ Z_i     (Ŷ flattened row-major, n·C zero rows)
/// </code>
/// each ‖Z_i‖_* one PSD cone of order d + C (<see cref="NuclearNormPenalty"/>), optionally tightened by §7.2(2)
/// (<see cref="VectorOutputProgram"/>). It is a lower bound on the ReLU
/// optimum over the same patterns (and the exact optimum of the vector-output gated ReLU network); the recovery
/// runs §7.2's exactness test and builds a real ReLU network, whose objective is the upper bound.
/// </summary>
public sealed class VectorOutputPlugin : IArchitecture
{
    public string Name => VectorReluNetwork.Name;

    public bool Handles(ArchitectureSpec spec) => spec is VectorOutputArchitecture;

    /// <summary>Rows §7.2(2) may add (patterns × n(n−1)/2) before the model is refused: beyond it the dense
    /// interior-point solvers run out of time or memory long before they answer.</summary>
    public const long MaxTighteningRows = 300_000;

    public (PatternSet? Patterns, ImmutableArray<Diagnostic> Diagnostics) BuildPatterns(
        Model model, Dataset data, CancellationToken cancellation, Action<long>? regions = null)
    {
        var (patterns, diagnostics) =
            PatternStage.Build(model.Patterns, data.DesignMatrix(model.Network.Bias != BiasMode.None), cancellation, regions);
        if (patterns is null || model.Network.Architecture is not VectorOutputArchitecture { Tightened: true }) return (patterns, diagnostics);
        long rows = (long)patterns.Count * data.Samples * (data.Samples - 1) / 2;
        if (rows <= MaxTighteningRows) return (patterns, diagnostics);
        return (null, diagnostics.Add(Diagnostic.Error(DiagnosticIds.TighteningTooLarge, model.Network.Span,
            $"'relaxation tight' would add {Count(rows)} rows ({patterns.Count} patterns × {data.Samples}·{data.Samples - 1}/2 sample pairs); the limit is {Count(MaxTighteningRows)}",
            "use fewer samples or patterns ('arrangements sample N'), or plain 'relaxation'")));
    }

    private static string Count(long n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    public SizeEstimate? EstimateSize(Model model, Dataset data, PatternSet? patterns) =>
        VectorOutputSize.Estimate(model, data, patterns);

    public LoweredProgram Lower(Model model, Dataset data, PatternSet patterns)
    {
        if (model.Network.Bias == BiasMode.Unregularized)
            throw new InvalidOperationException("vector outputs with an unregularized bias are refused by the checker");
        var x = data.DesignMatrix(model.Network.Bias == BiasMode.Regularized);
        var loss = LossFactory.Create(model.Loss);
        double beta = model.Regularizer.Beta;
        int n = x.GetLength(0), d = x.GetLength(1), c = data.Outputs;
        var spec = (VectorOutputArchitecture)model.Network.Architecture;
        if (spec.L1Output) return LowerL1Output(model, data, patterns, x, loss, beta);
        var penalty = new NuclearNormPenalty(d, c);
        bool tightened = spec.Tightened;
        var (program, layout) = VectorOutputProgram.Build(x, patterns, c, penalty, loss, data.Targets(), beta, tightened);
        var recovery = new VectorOutputRecovery(data, loss, beta, model.Network.Bias, x, patterns, penalty, layout);
        string reason = (tightened
                            ? "nuclear-norm relaxation tightened by K_i A_i K_i' >= 0 (math.md §7.2(2)) "
                            : "nuclear-norm relaxation (math.md §7.2(1)) ") +
                        $"of the copositive program (§7.1, not tractable) " +
                        $"for {c} outputs: a lower bound on the ReLU network's optimum over these patterns, exact when " +
                        "every singular vector of every block lies in its pattern cone";
        return new LoweredProgram(Name, program, recovery, ProgramClaim.LowerBound, reason);
    }

    /// <summary>
    /// math.md §7.4: with (β/2)Σ(‖u_j‖² + ‖v_j‖₁²) a neuron costs β‖u_j‖‖v_j‖₁, whose atoms are ±(X̃u)_+ e_kᵀ, so the
    /// program is §1's with one cone block per (pattern i, output k): columns V_i e_k, W_i e_k ∈ K_{D_i}, the map
    /// D_i X̃ into output k, the Euclidean norm — an SOCP, exact.
    /// </summary>
    private LoweredProgram LowerL1Output(Model model, Dataset data, PatternSet patterns, double[,] x, ILoss loss, double beta)
    {
        int n = x.GetLength(0), d = x.GetLength(1), c = data.Outputs;
        var blocks = new List<ConeBlock>(patterns.Count * c);
        for (int i = 0; i < patterns.Count; i++)
        {
            var membership = new double[n, d];
            for (int k = 0; k < n; k++)
            {
                double sign = patterns.IsActive(i, k) ? 1 : -1;
                for (int j = 0; j < d; j++) membership[k, j] = sign * x[k, j];
            }
            for (int o = 0; o < c; o++)
            {
                var map = new double[n * c, d];
                for (int k = 0; k < n; k++)
                    if (patterns.IsActive(i, k))
                        for (int j = 0; j < d; j++) map[k * c + o, j] = x[k, j];
                blocks.Add(new ConeBlock(i, map, membership));
            }
        }
        var penalty = GroupNormPenalty.Euclidean(d);
        var (program, layout) = ConeBlockProgram.Build(blocks, penalty, loss, data.Targets(), beta);
        var units = new VectorOutput.L1OutputUnits(data, model.Network.Bias, c, loss is HingeLoss);
        var recovery = new ConeBlockRecovery(data, loss, beta, blocks, penalty, layout, units);
        string reason = $"l1-squared output penalty (math.md §7.4): exact group lasso over the pattern cones, one block per " +
                        $"pattern and output ({c} outputs)";
        return new LoweredProgram(Name, program, recovery, ProgramClaim.Exact, reason);
    }
}
