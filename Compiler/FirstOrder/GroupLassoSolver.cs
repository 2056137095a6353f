using System.Diagnostics;

namespace ConicDsl.Compiler.FirstOrder;

/// <summary>
/// Entry point of the first-order route: R-FISTA for the gated program (no constraints), the augmented Lagrangian
/// with R-FISTA inside for the ReLU program (math.md §11.3). The AL keeps the standard multiplier update
/// γ ← (γ − δ SX̃θ)_+ and raises δ tenfold whenever an outer step failed to cut the violation by 4 (the classical
/// method-of-multipliers rule, in place of scnn's window schedule); subproblem tolerances start at 1e-3 relative and
/// shrink tenfold per outer step down to the final tolerance.
/// </summary>
public static class GroupLassoSolver
{
    public const string Fista = "fista";
    public const string AugmentedLagrangian = "al";

    /// <param name="stop">A time limit: ends the solve with the point reached (not converged) where
    /// <paramref name="cancellation"/> throws.</param>
    public static GroupLassoSolution Solve(GroupLassoProblem problem, FirstOrderSettings settings,
        GroupLassoSolution? warmStart = null, IGemm? gemm = null, CancellationToken cancellation = default,
        CancellationToken stop = default)
    {
        problem.Validate();
        var clock = Stopwatch.StartNew();
        var timed = new TimedGemm(gemm ?? ManagedGemm.Instance);
        var op = new MaskedGroupOperator(problem, timed);
        var smooth = new GroupLassoSmoothPart(problem, op);
        var prox = new GroupNormProx(problem.Features, problem.Blocks, problem.PenalizedColumns, problem.Beta);

        var x = new double[smooth.Length];
        var gradient = new double[smooth.Length];
        smooth.ValueAndGradient(x, gradient);
        double scale = Math.Max(problem.Beta, Math.Sqrt(gradient.Sum(g => g * g)));
        double tolerance = settings.Tolerance * scale;
        if (warmStart is not null)
        {
            if (warmStart.Theta.Length != problem.Features * problem.Blocks)
                throw new ArgumentException("the warm start has another shape than the problem");
            Array.Copy(warmStart.Theta, x, warmStart.Theta.Length);
            if (problem.FreeOutputOffset) x[^1] = warmStart.Offset;
        }

        // The step starts at scnn's 10 and backtracks from there (one product per ×0.8; at n = 100 000 the first
        // iteration spends ~90 products on it). Starting at 10/n instead (scnn's step in our sum-loss units) was
        // tried and made the ReLU tests' augmented Lagrangian several times slower — the step then carried into
        // the later subproblems was too small — so the first-iteration cost is kept.
        double initialStep = settings.InitialStep;
        var history = new List<FirstOrderIterate>();
        if (!problem.Constrained)
        {
            var run = RestartedFista.Minimize(smooth, prox, x, tolerance, settings.MaxIterations, initialStep, cancellation,
                (k, point, loss) => history.Add(new FirstOrderIterate(k, clock.Elapsed.TotalSeconds, loss + prox.Value(point), 0.0)), stop);
            return Finish(problem, smooth, prox, run.X, null, 1.0, run.Iterations, 1, run.Subgradient / scale, 0.0,
                run.Converged, op, timed, clock, Fista) with { History = history };
        }

        int entries = problem.Samples * problem.Blocks;
        smooth.Multipliers = warmStart?.Multipliers is { Length: var m } w && m == entries ? (double[])w.Clone() : new double[entries];
        smooth.Penalty = warmStart?.Multipliers is not null ? warmStart.Penalty : settings.InitialPenalty;
        double innerTolerance = Math.Max(settings.Tolerance, 1e-3) * scale;
        int iterations = 0, outer = 0;
        double violation = double.PositiveInfinity, previous = double.PositiveInfinity, subgradient = double.PositiveInfinity;
        bool converged = false;
        double step = initialStep;
        while (outer < settings.MaxOuterIterations && iterations < settings.MaxIterations && !stop.IsCancellationRequested)
        {
            outer++;
            var run = RestartedFista.Minimize(smooth, prox, x, innerTolerance, settings.MaxIterations - iterations, step, cancellation,
                stop: stop);
            x = run.X;
            step = run.Step;
            iterations += run.Iterations;
            subgradient = run.Subgradient / scale;
            var (worst, size) = smooth.Constraints(x, updateMultipliers: false);
            violation = worst / Math.Max(1.0, size);
            history.Add(new FirstOrderIterate(iterations, clock.Elapsed.TotalSeconds, ProgramObjective(smooth, prox, x), violation));
            bool finalTolerance = innerTolerance <= settings.Tolerance * scale;
            if (violation <= settings.ConstraintTolerance && finalTolerance && run.Converged)
            {
                converged = true;
                break;
            }
            smooth.Constraints(x, updateMultipliers: true);
            if (violation > settings.ConstraintTolerance && violation > 0.25 * previous) smooth.Penalty = Math.Min(smooth.Penalty * 10, 1e12);
            previous = violation;
            innerTolerance = Math.Max(settings.Tolerance * scale, innerTolerance * 0.1);
        }
        return Finish(problem, smooth, prox, x, smooth.Multipliers, smooth.Penalty, iterations, outer, subgradient,
            violation, converged, op, timed, clock, AugmentedLagrangian) with { History = history };
    }

    /// <summary>Loss + group norms at x, without the augmented Lagrangian's penalty term.</summary>
    private static double ProgramObjective(GroupLassoSmoothPart smooth, GroupNormProx prox, double[] x)
    {
        var saved = smooth.Multipliers;
        smooth.Multipliers = null;
        double objective = smooth.Value(x) + prox.Value(x);
        smooth.Multipliers = saved;
        return objective;
    }

    private static GroupLassoSolution Finish(GroupLassoProblem problem, GroupLassoSmoothPart smooth, GroupNormProx prox,
        double[] x, double[]? multipliers, double penalty, int iterations, int outer, double subgradient, double violation,
        bool converged, MaskedGroupOperator op, TimedGemm timed, Stopwatch clock, string method)
    {
        int thetaLength = problem.Features * problem.Blocks;
        var theta = x[..thetaLength];
        double objective = ProgramObjective(smooth, prox, x);
        return new GroupLassoSolution(theta, problem.FreeOutputOffset ? x[^1] : 0.0, multipliers, penalty, objective,
            iterations, outer, subgradient, violation, converged, smooth.Products, op.ProductFlops, timed.Elapsed,
            clock.Elapsed, method);
    }
}
