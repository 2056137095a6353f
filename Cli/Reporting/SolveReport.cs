using ConicDsl.Backends;
using ConicDsl.Compiler.Lowerings;
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

    /// <summary>With <c>solve native method …</c>: the method that ran and why (docs/solver.md); null otherwise.</summary>
    public string? Method { get; init; }

    /// <summary>Solved by the first-order route: the dual objective is then a certified lower bound from the scaled
    /// residual and multipliers (docs/solver.md, "Certified duality gap"), not a dual point's value.</summary>
    public bool FirstOrder { get; init; }

    /// <summary>Complete (exact) patterns make the optimum global (math.md §1(b)); sampled ones an upper bound (§1(c)).
    /// With fixed gates (gated ReLU) the optimum is global for the gated model with those gates either way.</summary>
    public bool Global => Compiled.Patterns.Source == "exact" || FixedGates;

    /// <summary>The program is exact for a model whose gates the patterns fix (gated ReLU, math.md §2.6).</summary>
    public bool FixedGates => Compiled.Claim == ProgramClaim.ExactForGates;

    public bool IsRelaxation => Compiled.Claim == ProgramClaim.LowerBound;

    /// <summary>The reported optimum is the global optimum of the non-convex training problem: an exact program over
    /// complete patterns, or a relaxation over complete patterns whose solution passed the realisability test.</summary>
    public bool Exact => IsOptimal && Global && Recovery is not null &&
                         (!IsRelaxation || Recovery.RelaxationTight == true || BoundsMeet);

    /// <summary>Relative closeness of the recovered network's objective to a certified lower bound below which the
    /// two count as equal: a relaxation whose recovered network attains its bound is exact, whatever the
    /// structural test said (that test is sufficient, not necessary).</summary>
    public const double BoundsMeetTolerance = 1e-6;

    public bool BoundsMeet => BoundGap is double gap && LowerBound is double lower &&
                              Math.Abs(gap) <= BoundsMeetTolerance * Math.Max(1, Math.Abs(lower));

    /// <summary>A certified lower bound on the global optimum: the optimum of an exact or relaxed program over
    /// complete patterns. Over sampled patterns there is none (the sampled program is an upper bound).</summary>
    public double? LowerBound => IsOptimal && Global ? Result.PrimalObjective : null;

    /// <summary>The recovered network's objective: attained by a real network, so always an upper bound.</summary>
    public double? UpperBound => Recovery is not null && double.IsFinite(NonConvexObjective) ? NonConvexObjective : null;

    /// <summary>upper − lower, when both exist.</summary>
    public double? BoundGap => LowerBound is double l && UpperBound is double u ? u - l : null;

    /// <summary>Primal − dual objective at the returned (x, y), both recomputed by the solution check: near zero at an
    /// optimum; NaN when the backend returned no dual point.</summary>
    public double DualityGap => Result.PrimalObjective - Result.DualObjective;

    public int Width => Compiled.Model.Network.Architecture.Width;

    public int ActiveNeurons => Recovery?.Network.Units ?? 0;

    public bool WidthSufficient => ActiveNeurons <= Width;

    /// <summary>|non-convex − convex| / max(|convex|, 1e-12).</summary>
    public double RelativeDifference =>
        Math.Abs(NonConvexObjective - Result.PrimalObjective) / Math.Max(Math.Abs(Result.PrimalObjective), 1e-12);

    /// <summary>β expressed as scnn's λ (its loss is ‖ŷ−y‖²/(2n)), for users who compare: λ = β/n.</summary>
    public double ScnnLambda => Compiled.Model.Regularizer.Beta / Compiled.Data.Samples;
}
