using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.FirstOrder;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Tests.Support;
using static ConicDsl.Tests.Support.FirstOrderReference;

namespace ConicDsl.Tests.Compiler.FirstOrder;

/// <summary>
/// The certified lower bound of the first-order solvers (<see cref="DualBound"/>) against the native interior-point
/// solver's optimum of the standard-form program of the same model (an independent route: another algorithm on another
/// program). Every bound must lie below that optimum, at every point of the history; the gap must close as the
/// solve converges.
/// </summary>
public class DualBoundTests
{
    /// <summary>The IPM's optimum (asserted optimal) and the structured problem of the same model.</summary>
    private static (double Optimum, GroupLassoProblem Problem) Reference(Func<string, string, Model> model, double[][] x, double[] y)
    {
        var (ipm, lowering) = Both(model, x, y);
        Assert.That(ipm.Result.Status, Is.EqualTo(ConicDsl.Backends.SolveStatus.Optimal));
        return (ipm.Result.PrimalObjective, lowering.Problem);
    }

    /// <summary>Every evaluated bound ≤ the IPM optimum (+1e-9 relative: the IPM's own accuracy); the solution's bound is
    /// the largest of them; returns the final relative gap.</summary>
    private static double AssertValid(GroupLassoSolution solution, double optimum, string label)
    {
        var bounds = solution.History.Select(h => h.DualObjective).Where(double.IsFinite).ToList();
        Assert.That(bounds, Is.Not.Empty, "no bound evaluated");
        Assert.That(double.IsFinite(solution.History[^1].DualObjective), Is.True, "the last history point carries a bound");
        foreach (var bound in bounds) Assert.That(bound, Is.LessThanOrEqualTo(optimum + 1e-9 * Math.Abs(optimum)), label);
        Assert.That(solution.DualBound, Is.EqualTo(bounds.Max()), "best bound = largest evaluated");
        double gap = (solution.Objective - solution.DualBound) / Math.Abs(solution.Objective);
        TestContext.Out.WriteLine($"{label}: objective {solution.Objective:R}, IPM {optimum:R}, bound {solution.DualBound:R}, " +
                                  $"relative gap {gap:E2}, {bounds.Count} bounds, {solution.Iterations} iterations");
        return gap;
    }

    [TestCase(BiasMode.None)]
    [TestCase(BiasMode.Regularized)]
    public void GatedBoundsAreValidAndCloseTheGap(BiasMode bias)
    {
        var (x, y) = SeededData(21, 40, 3);
        var patterns = new SampledPatterns(30, 7, SourceSpanNone());
        var (optimum, problem) = Reference((m, f) => Models.GatedRelu(m, f, "y", beta: 0.05, bias: bias, patterns: patterns), x, y);
        // Measured: relative gap 1e-4–1e-3 at the default tolerance (its scale ‖∇L(0)‖ is far above β), ~1e-6 at 1e-8.
        double loose = AssertValid(GroupLassoSolver.Solve(problem, new FirstOrderSettings()), optimum, $"gated {bias} default");
        double tight = AssertValid(GroupLassoSolver.Solve(problem, Tight), optimum, $"gated {bias} tight");
        Assert.That(loose, Is.LessThanOrEqualTo(1e-2));
        Assert.That(tight, Is.LessThanOrEqualTo(1e-4));
    }

    // Unregularized: a free b₀ (λ centred) and an unpenalized hidden-bias coordinate (zeroed through μ).
    [TestCase(BiasMode.None)]
    [TestCase(BiasMode.Regularized)]
    [TestCase(BiasMode.Unregularized)]
    public void ReluBoundsAreValidAndCloseTheGap(BiasMode bias)
    {
        var (x, y) = SeededData(22, 30, 2);
        var patterns = new SampledPatterns(40, 3, SourceSpanNone());
        var (optimum, problem) = Reference((m, f) => Models.TwoLayer(m, f, "y", beta: 0.05, bias: bias, patterns: patterns), x, y);
        Assert.That(problem.FreeOutputOffset, Is.EqualTo(bias == BiasMode.Unregularized));
        double loose = AssertValid(GroupLassoSolver.Solve(problem, new FirstOrderSettings()), optimum, $"relu {bias} default");
        double tight = AssertValid(GroupLassoSolver.Solve(problem, Tight), optimum, $"relu {bias} tight");
        Assert.That(loose, Is.LessThanOrEqualTo(1e-2));
        Assert.That(tight, Is.LessThanOrEqualTo(1e-4));
    }

    [Test]
    public void GapToleranceStopsOnceTheCertifiedGapIsSmall()
    {
        var (x, y) = SeededData(23, 40, 3);
        var patterns = new SampledPatterns(30, 7, SourceSpanNone());
        var (optimum, problem) = Reference((m, f) => Models.GatedRelu(m, f, "y", beta: 0.05, patterns: patterns), x, y);
        // A subgradient tolerance no solve reaches in the iteration limit: only the gap rule can end it converged.
        var settings = new FirstOrderSettings(Tolerance: 1e-15, MaxIterations: 50000, GapTolerance: 1e-3);
        var solution = GroupLassoSolver.Solve(problem, settings);
        AssertValid(solution, optimum, "gap rule");
        Assert.That(solution.Converged, Is.True);
        Assert.That(solution.Objective - solution.DualBound, Is.LessThanOrEqualTo(1e-3 * solution.Objective));
        Assert.That(solution.Iterations, Is.LessThan(settings.MaxIterations));
        // The primal point is as good as the certificate says: within 1e-3 of the IPM's optimum.
        Assert.That(solution.Objective, Is.EqualTo(optimum).Within(1e-3 * optimum));
    }

    [Test]
    public void ScaledValueMaximizesTheQuadraticOnTheInterval()
    {
        // Closed form: −½s²·4 − s·(−2) peaks at s = 0.5 with value 0.5; a limit of 0.25 clips it to 0.25 − 0.125 = 0.375.
        Assert.That(DualBound.ScaledValue(4, -2, beta: 1, largest: 1), Is.EqualTo(0.5).Within(1e-15));
        Assert.That(DualBound.ScaledValue(4, -2, beta: 1, largest: 4), Is.EqualTo(0.375).Within(1e-9));
        // A residual aligned with y (λᵀy ≥ 0) gains nothing from scaling: s = 0, the trivial bound 0.
        Assert.That(DualBound.ScaledValue(4, 2, beta: 1, largest: 1), Is.EqualTo(0.0));
    }

    private static ConicDsl.Dsl.Text.SourceSpan SourceSpanNone() => ConicDsl.Dsl.Text.SourceSpan.None("m.cnn");
}
