using ConicDsl.Backends;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Compiler.Recovery;

namespace ConicDsl.Cli.Reporting;

/// <summary>Every number a solve reports, gathered once so the text and JSON forms cannot disagree.</summary>
public sealed record SolveReport(
    CompiledModel Compiled,
    SolveResult Result,
    Recovery? Recovery,
    double NonConvexObjective,
    double TrainError,
    string TrainErrorKind,
    IReadOnlyList<string> WrittenFiles)
{
    public bool IsOptimal => Result.Status == SolveStatus.Optimal;

    /// <summary>Complete (exact) patterns make the optimum global (math.md §1(b)); sampled ones an upper bound (§1(c)).</summary>
    public bool Global => Compiled.Patterns.Source == "exact";

    public int Width => Compiled.Model.Network.Hidden.OfType<Dsl.Semantics.ReluLayerSpec>().Single().Width;

    public int ActiveNeurons => Recovery?.Network.Neurons.Length ?? 0;

    public bool WidthSufficient => ActiveNeurons <= Width;

    /// <summary>|non-convex − convex| / max(|convex|, 1e-12).</summary>
    public double RelativeDifference =>
        Math.Abs(NonConvexObjective - Result.PrimalObjective) / Math.Max(Math.Abs(Result.PrimalObjective), 1e-12);

    /// <summary>β expressed as scnn's λ (its loss is ‖ŷ−y‖²/(2n)), for users who compare: λ = β/n.</summary>
    public double ScnnLambda => Compiled.Model.Regularizer.Beta / Compiled.Data.Samples;
}
