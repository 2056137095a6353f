using System.Diagnostics;

namespace ConicDsl.Compiler.FirstOrder;

/// <summary>
/// Entry point of the first-order route: R-FISTA for the gated program (no constraints), the augmented Lagrangian
/// with R-FISTA inside for the ReLU program (math.md §11.3). The AL keeps the standard multiplier update
/// γ ← (γ − δ SX̃θ)_+ and doubles δ whenever an outer step failed to cut the violation by 4 (the classical
/// method-of-multipliers rule, in place of scnn's window schedule); subproblem tolerances start at 1e-3 relative and
/// shrink tenfold per outer step down to the final tolerance.
/// </summary>
public static class GroupLassoSolver
{
    public const string Fista = "fista";
    public const string AugmentedLagrangian = "al";

    // Doubling rather than the textbook tenfold: each raise makes the next subproblem stiffer (its step shrinks with
    // δ‖X̃‖²), and on the ReLU test instances ×2 took 1.5–2× fewer FISTA iterations in all than ×10 (docs/solver.md).
    private const double PenaltyGrowth = 2;

    /// <param name="stop">A time limit: ends the solve with the point reached (not converged) where
    /// <paramref name="cancellation"/> throws.</param>
    public static GroupLassoSolution Solve(GroupLassoProblem problem, FirstOrderSettings settings,
        GroupLassoSolution? warmStart = null, IGemm? gemm = null, CancellationToken cancellation = default,
        Action<FirstOrderProgress>? progress = null, CancellationToken stop = default)
    {
        problem.Validate();
        var clock = Stopwatch.StartNew();
        var timed = new TimedGemm(gemm ?? Gemms.Default);
        var op = new MaskedGroupOperator(problem, timed);
        var smooth = new GroupLassoSmoothPart(problem, op);
        var prox = new GroupNormProx(problem.Features, problem.Blocks, problem.PenalizedColumns, problem.Beta);
        var dual = new DualBound(problem, op);

        var x = new double[smooth.Length];
        var gradient = new double[smooth.Length];
        var image = smooth.Images.First;
        smooth.Map(x, image);
        smooth.ValueAndGradient(image, x, gradient);
        double scale = Math.Max(problem.Beta, Math.Sqrt(gradient.Sum(g => g * g)));
        double tolerance = settings.Tolerance * scale;
        if (warmStart is not null)
        {
            if (warmStart.Theta.Length != problem.Features * problem.Blocks)
                throw new ArgumentException("the warm start has another shape than the problem");
            Array.Copy(warmStart.Theta, x, warmStart.Theta.Length);
            if (problem.FreeOutputOffset) x[^1] = warmStart.Offset;
        }

        // The step starts at scnn's 10; the quadratic-model backtracking takes it down to the problem's scale in a
        // few products (it used to cost ~90 at ×0.8 each at n = 100 000). Starting at 10/n instead (scnn's step in
        // our sum-loss units) made the ReLU tests' augmented Lagrangian several times slower: the step carried into
        // the later subproblems was too small.
        double initialStep = settings.InitialStep;
        int done = 0, subproblem = 1;
        Action<int, double, double, double>? observe = progress is null ? null : (iteration, value, subgradient, step) =>
            progress(new FirstOrderProgress(done + iteration, subproblem, value, subgradient, smooth.Penalty, step,
                smooth.Products, timed.Elapsed, clock.Elapsed));
        var history = new List<FirstOrderIterate>();
        if (!problem.Constrained)
        {
            // The gap rule ends R-FISTA through its stop token, which keeps the last accepted iterate.
            using var gapReached = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var run = RestartedFista.Minimize(smooth, prox, x, tolerance, settings.MaxIterations, initialStep, cancellation, observe,
                (k, point, loss) =>
                {
                    double objective = loss + prox.Value(point);
                    double bound = k % settings.DualInterval == 0 ? dual.EvaluateAt(point) : double.NaN;
                    history.Add(new FirstOrderIterate(k, clock.Elapsed.TotalSeconds, objective, 0.0, bound));
                    if (GapMet(settings, objective, dual.Best)) gapReached.Cancel();
                }, gapReached.Token);
            smooth.Map(run.X, image);
            double final = dual.Evaluate(image, problem.FreeOutputOffset ? run.X[^1] : 0.0, null, 0.0);
            var solution = Finish(problem, smooth, prox, run.X, null, 1.0, run.Iterations, 1, run.Subgradient / scale, 0.0,
                run.Converged, op, timed, clock, Fista, dual);
            if (history.Count > 0 && history[^1].Iteration == run.Iterations) history.RemoveAt(history.Count - 1);
            history.Add(new FirstOrderIterate(run.Iterations, clock.Elapsed.TotalSeconds, solution.Objective, 0.0, final));
            // The solve's time includes the final bound, so the history never runs past it.
            return solution with { History = history, Elapsed = clock.Elapsed,
                Converged = solution.Converged || GapMet(settings, solution.Objective, dual.Best) };
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
            subproblem = outer;
            var run = RestartedFista.Minimize(smooth, prox, x, innerTolerance, settings.MaxIterations - iterations, step, cancellation, observe,
                stop: stop);
            x = run.X;
            step = run.Step;
            iterations += run.Iterations;
            done = iterations;
            subgradient = run.Subgradient / scale;
            smooth.Map(x, image);
            var (worst, size) = smooth.Constraints(image, updateMultipliers: false);
            violation = worst / Math.Max(1.0, size);
            double objective = ProgramObjective(smooth, prox, x, image);
            double offset = problem.FreeOutputOffset ? x[^1] : 0.0;
            bool finalTolerance = innerTolerance <= settings.Tolerance * scale;
            if (violation <= settings.ConstraintTolerance && finalTolerance && run.Converged)
            {
                // The multipliers are returned as they are (warm starts); the bound takes the update they would get.
                double last = dual.Evaluate(image, offset, smooth.Multipliers, smooth.Penalty);
                history.Add(new FirstOrderIterate(iterations, clock.Elapsed.TotalSeconds, objective, violation, last));
                converged = true;
                break;
            }
            smooth.Constraints(image, updateMultipliers: true);
            // The image is free now: the next subproblem maps x again.
            double bound = dual.Evaluate(image, offset, smooth.Multipliers, 0.0);
            history.Add(new FirstOrderIterate(iterations, clock.Elapsed.TotalSeconds, objective, violation, bound));
            if (violation <= settings.ConstraintTolerance && GapMet(settings, objective, dual.Best))
            {
                converged = true;
                break;
            }
            if (violation > settings.ConstraintTolerance && violation > 0.25 * previous) smooth.Penalty = Math.Min(smooth.Penalty * PenaltyGrowth, 1e12);
            previous = violation;
            innerTolerance = Math.Max(settings.Tolerance * scale, innerTolerance * 0.1);
        }
        return Finish(problem, smooth, prox, x, smooth.Multipliers, smooth.Penalty, iterations, outer, subgradient,
            violation, converged, op, timed, clock, AugmentedLagrangian, dual) with { History = history };
    }

    /// <summary>The optional gap rule: primal − best certified bound ≤ GapTolerance · |primal|.</summary>
    private static bool GapMet(FirstOrderSettings settings, double objective, double bound) =>
        settings.GapTolerance is double g && double.IsFinite(bound) && objective - bound <= g * Math.Abs(objective);

    /// <summary>Loss + group norms at x from its image (already mapped), without the augmented Lagrangian's terms.</summary>
    private static double ProgramObjective(GroupLassoSmoothPart smooth, GroupNormProx prox, double[] x, double[] image)
    {
        var saved = smooth.Multipliers;
        smooth.Multipliers = null;
        double objective = smooth.Value(image, x) + prox.Value(x);
        smooth.Multipliers = saved;
        return objective;
    }

    private static GroupLassoSolution Finish(GroupLassoProblem problem, GroupLassoSmoothPart smooth, GroupNormProx prox,
        double[] x, double[]? multipliers, double penalty, int iterations, int outer, double subgradient, double violation,
        bool converged, MaskedGroupOperator op, TimedGemm timed, Stopwatch clock, string method, DualBound dual)
    {
        var saved = smooth.Multipliers;
        smooth.Multipliers = null;
        int thetaLength = problem.Features * problem.Blocks;
        var theta = x[..thetaLength];
        smooth.Map(x, smooth.Images.First);
        double objective = smooth.Value(smooth.Images.First, x) + prox.Value(theta);
        smooth.Multipliers = saved;
        return new GroupLassoSolution(theta, problem.FreeOutputOffset ? x[^1] : 0.0, multipliers, penalty, objective,
            iterations, outer, subgradient, violation, converged, smooth.Products + dual.Products, op.ProductFlops, timed.Elapsed,
            clock.Elapsed, method) { DualBound = dual.Best };
    }
}
