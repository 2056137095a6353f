using System.Collections.Immutable;

namespace ConicDsl.Backends;

/// <summary>
/// The record every backend returns. <see cref="PrimalResidual"/>, <see cref="DualResidual"/> and
/// <see cref="Gap"/> are recomputed by ConicDsl from the returned point (<see cref="SolutionCheck"/>),
/// never copied from a solver's log.
/// </summary>
public sealed record SolveResult
{
    public required SolveStatus Status { get; init; }
    public required string Backend { get; init; }
    public string SolverVersion { get; init; } = "";
    public ImmutableArray<double> X { get; init; } = ImmutableArray<double>.Empty;
    public ImmutableArray<double> Y { get; init; } = ImmutableArray<double>.Empty;
    public ImmutableArray<double> S { get; init; } = ImmutableArray<double>.Empty;
    /// <summary>cᵀx + ½xᵀPx + constant at the returned x.</summary>
    public double PrimalObjective { get; init; } = double.NaN;
    /// <summary>−½xᵀPx − bᵀy + constant at the returned (x, y).</summary>
    public double DualObjective { get; init; } = double.NaN;
    public double PrimalResidual { get; init; } = double.NaN;
    public double DualResidual { get; init; } = double.NaN;
    public double Gap { get; init; } = double.NaN;
    public int Iterations { get; init; }
    public TimeSpan SolveTime { get; init; }
    public string Message { get; init; } = "";
    /// <summary>Per-iteration residuals, gap and objective (native only; at most <see cref="MaxHistory"/> entries, the
    /// first ones kept), drawn by <c>--plot-convergence</c>.</summary>
    public ImmutableArray<SolverIteration> History { get; init; } = ImmutableArray<SolverIteration>.Empty;

    public const int MaxHistory = 10_000;
}
