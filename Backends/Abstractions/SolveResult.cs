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
    /// <summary>Per-iteration residuals, gap, objective and elapsed seconds (native IPM: every iteration, the first
    /// <see cref="MaxHistory"/> kept; first-order methods: see <c>FirstOrderIterate</c>, thinned evenly to at most
    /// <see cref="MaxHistory"/>), drawn by <c>--plot-convergence</c> and written by <c>solve --json</c>.</summary>
    public ImmutableArray<SolverIteration> History { get; init; } = ImmutableArray<SolverIteration>.Empty;

    public const int MaxHistory = 10_000;

    /// <summary>Achieved GFLOP/s of the solver's dense matrix products and the seconds spent in them (first-order
    /// methods only; NaN elsewhere): against the machine's GEMM peak it says how close an iteration runs to the limit.</summary>
    public double GemmGflops { get; init; } = double.NaN;
    public double GemmSeconds { get; init; } = double.NaN;
}
