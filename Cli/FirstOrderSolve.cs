using System.Collections.Immutable;
using ConicDsl.Backends;
using ConicDsl.Compiler.FirstOrder;
using ConicDsl.Compiler.Pipeline;

namespace ConicDsl.Cli;

/// <summary>Runs the first-order solver on a structured lowering and states the outcome as a <see cref="SolveResult"/>:
/// the objective is the program's, the primal residual the relative cone violation; there is no dual point, so the
/// dual figures stay NaN rather than invented.</summary>
public static class FirstOrderSolve
{
    public const string ToleranceOption = "fo_tolerance";
    public const string MaxIterationsOption = "fo_max_iters";

    public static (SolveResult Result, double[] Solution) Run(StructuredLowering lowering, SolverSettings settings,
        CancellationToken cancellation)
    {
        var fo = new FirstOrderSettings();
        if (settings.Options.TryGetValue(ToleranceOption, out var tolerance))
            fo = fo with { Tolerance = tolerance, ConstraintTolerance = tolerance };
        if (settings.Options.TryGetValue(MaxIterationsOption, out var iterations)) fo = fo with { MaxIterations = (int)iterations };
        GroupLassoSolution solution;
        try
        {
            solution = GroupLassoSolver.Solve(lowering.Problem, fo, cancellation: cancellation);
        }
        catch (ArgumentException e)
        {
            return (new SolveResult { Status = SolveStatus.Error, Backend = "native", Message = e.Message }, []);
        }
        var vector = lowering.SolutionVector(solution);
        var message = $"{solution.Method}: min-norm subgradient {solution.Subgradient:G3} (relative, tolerance {fo.Tolerance:G3})" +
                      (lowering.Problem.Constrained ? $", cone violation {solution.Violation:G3}, {solution.OuterIterations} outer steps" : "") +
                      $", {solution.Products} products at {solution.GemmGflops:F1} GFLOP/s";
        var result = new SolveResult
        {
            Status = solution.Converged ? SolveStatus.Optimal : SolveStatus.IterationLimit,
            Backend = "native",
            SolverVersion = Gemms.Default.Name,
            X = vector.ToImmutableArray(),
            PrimalObjective = solution.Objective,
            PrimalResidual = solution.Violation,
            Iterations = solution.Iterations,
            SolveTime = solution.Elapsed,
            Message = message,
        };
        // The solver's n × B images and multipliers (held by the solution) are garbage once it is read: collected
        // before the recovery allocates on top of them (PhaseGarbage).
        var problem = lowering.Problem;
        solution = null!;
        PhaseGarbage.Release(8L * problem.Samples * problem.Blocks * (problem.Constrained ? 3 : 2));
        return (result, vector);
    }
}
