using System.Collections.Immutable;
using ConicDsl.Backends;
using ConicDsl.Compiler.FirstOrder;
using ConicDsl.Compiler.Pipeline;

namespace ConicDsl.Cli;

/// <summary>Runs the first-order solver on a structured lowering and states the outcome as a <see cref="SolveResult"/>:
/// the objective is the program's, the primal residual the relative cone violation, the dual objective the certified
/// lower bound of <see cref="DualBound"/> (NaN where it has none); the IPM's dual residual and relative gap stay NaN.</summary>
public static class FirstOrderSolve
{
    public const string ToleranceOption = "fo_tolerance";
    public const string MaxIterationsOption = "fo_max_iters";
    public const string GapToleranceOption = "gap_tolerance";

    public static (SolveResult Result, double[] Solution) Run(StructuredLowering lowering, SolverSettings settings,
        CancellationToken cancellation)
    {
        var fo = new FirstOrderSettings();
        if (settings.Options.TryGetValue(ToleranceOption, out var tolerance))
            fo = fo with { Tolerance = tolerance, ConstraintTolerance = tolerance };
        if (settings.Options.TryGetValue(MaxIterationsOption, out var iterations)) fo = fo with { MaxIterations = (int)iterations };
        if (settings.Options.TryGetValue(GapToleranceOption, out var gap)) fo = fo with { GapTolerance = gap };
        GroupLassoSolution solution;
        using var timeLimit = new CancellationTokenSource();
        // A limit of zero cancels now: CancelAfter(0) goes through a timer, and a fast solve could run iterations first.
        if (settings.TimeLimitSeconds is double seconds)
        {
            if (seconds <= 0) timeLimit.Cancel();
            else timeLimit.CancelAfter(TimeSpan.FromSeconds(seconds));
        }
        try
        {
            solution = GroupLassoSolver.Solve(lowering.Problem, fo, cancellation: cancellation, stop: timeLimit.Token);
        }
        catch (ArgumentException e)
        {
            return (new SolveResult { Status = SolveStatus.Error, Backend = "native", Message = e.Message }, []);
        }
        var vector = lowering.SolutionVector(solution);
        var message = $"{solution.Method}: min-norm subgradient {solution.Subgradient:G3} (relative, tolerance {fo.Tolerance:G3})" +
                      (lowering.Problem.Constrained ? $", cone violation {solution.Violation:G3}, {solution.OuterIterations} outer steps" : "") +
                      (double.IsFinite(solution.DualBound) ? $", certified gap {(solution.Objective - solution.DualBound) / Math.Max(1e-300, Math.Abs(solution.Objective)):G3} relative" +
                          (fo.GapTolerance is double g ? $" (gap_tolerance {g:G3})" : "") : ", no dual bound (unpenalized hidden bias)") +
                      $", {solution.Products} products at {solution.GemmGflops:F1} GFLOP/s";
        var result = new SolveResult
        {
            Status = solution.Converged ? SolveStatus.Optimal
                : timeLimit.IsCancellationRequested ? SolveStatus.TimeLimit : SolveStatus.IterationLimit,
            Backend = "native",
            SolverVersion = Gemms.Default.Name,
            X = vector.ToImmutableArray(),
            PrimalObjective = solution.Objective,
            DualObjective = solution.DualBound,
            PrimalResidual = solution.Violation,
            Iterations = solution.Iterations,
            SolveTime = solution.Elapsed,
            Message = message,
            History = Thinned(solution.History),
            GemmGflops = solution.GemmGflops,
            GemmSeconds = solution.ProductTime.TotalSeconds,
        };
        // The solver's n × B images and multipliers (held by the solution) are garbage once it is read: collected
        // before the recovery allocates on top of them (PhaseGarbage).
        var problem = lowering.Problem;
        solution = null!;
        PhaseGarbage.Release(8L * problem.Samples * problem.Blocks * (problem.Constrained ? 3 : 2));
        return (result, vector);
    }

    /// <summary>At most this many history points reach the report: R-FISTA records every iteration (up to 20 000),
    /// and a thousand points resolve time-to-tolerance to a thousandth of the solve while keeping --json small.</summary>
    public const int HistoryPoints = 1000;

    /// <summary>The history as solver iterations (violation in the primal-residual slot, the certified bound in the
    /// dual-objective slot where one was evaluated), every k-th kept when longer than <see cref="HistoryPoints"/>; of
    /// the points that carry a bound, every k'-th is kept as well (so bounds survive thinning), the last always.</summary>
    private static ImmutableArray<SolverIteration> Thinned(IReadOnlyList<FirstOrderIterate> history)
    {
        int every = Math.Max(1, (history.Count + HistoryPoints - 2) / (HistoryPoints - 1));
        int bounded = history.Count(p => double.IsFinite(p.DualObjective));
        int everyBound = Math.Max(1, (bounded + HistoryPoints - 2) / (HistoryPoints - 1));
        var keep = new List<FirstOrderIterate>();
        int seen = 0;
        for (int i = 0; i < history.Count; i++)
        {
            bool hasBound = double.IsFinite(history[i].DualObjective);
            if (i % every == 0 || i == history.Count - 1 || (hasBound && seen % everyBound == 0)) keep.Add(history[i]);
            if (hasBound) seen++;
        }
        return keep.Select(p => new SolverIteration(p.Iteration, p.Objective, p.Violation, double.NaN, double.NaN, p.Seconds,
            p.DualObjective)).ToImmutableArray();
    }
}
