using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>
/// The convex optimum against the independent route: the non-convex network trained directly by Adam from
/// 20 random starts (<see cref="NonConvexTrainer"/>). With complete patterns the optimum must never be beaten
/// (math.md §1(a)); with a generous width the best restart should come within 1e-3 of it (§1(b)).
/// </summary>
public class GlobalOptimalityTests
{
    private static void AssertGlobal(double[][] x, double[] y, LossKind loss, double beta, BiasMode bias, bool expectClose)
    {
        var solved = Pipeline.Solve(x, y, loss, beta, bias);
        double convex = solved.Result.PrimalObjective;
        Assert.That(Math.Abs(solved.NonConvexObjective - convex), Is.LessThanOrEqualTo(1e-6 * Math.Abs(convex)),
            "recovered network's objective = convex optimum");
        double best = NonConvexTrainer.BestObjective(x, y, loss == LossKind.Hinge, beta, bias, new NonConvexTrainer.Options(Width: 12));
        Assert.That(convex, Is.LessThanOrEqualTo(best + 1e-7 * (1 + Math.Abs(best))), $"convex {convex} vs best Adam {best}");
        if (expectClose) Assert.That((best - convex) / convex, Is.LessThanOrEqualTo(1e-3), $"convex {convex} vs best Adam {best}");
        TestContext.Out.WriteLine($"convex {convex:G10}, recovered {solved.NonConvexObjective:G10}, best of 20 Adam restarts {best:G10}, neurons {((TwoLayerReluNetwork)solved.Recovery.Network).Neurons.Length}");
    }

    [Test]
    public void OneDimensionalSquaredLoss()
    {
        var rng = new Random(3);
        var x = Pipeline.RandomPoints(rng, 10, 1, 2);
        var y = x.Select(p => Math.Abs(p[0]) - 0.5 + 0.2 * (rng.NextDouble() - 0.5)).ToArray();
        AssertGlobal(x, y, LossKind.Squared, 0.05, BiasMode.Regularized, expectClose: true);
    }

    [Test]
    public void TwoDimensionalSquaredLoss()
    {
        var rng = new Random(5);
        var x = Pipeline.RandomPoints(rng, 10, 2);
        var y = x.Select(p => p[0] * p[1] + 0.3 * p[0] - 0.1).ToArray();
        AssertGlobal(x, y, LossKind.Squared, 0.02, BiasMode.Regularized, expectClose: true);
    }

    [Test]
    public void TwoDimensionalNoBias()
    {
        var rng = new Random(11);
        var x = Pipeline.RandomPoints(rng, 10, 3);
        var y = x.Select(p => Math.Max(0, p[0] - p[1]) - 0.5 * Math.Max(0, p[2])).ToArray();
        AssertGlobal(x, y, LossKind.Squared, 0.05, BiasMode.None, expectClose: true);
    }

    [Test]
    public void TwoDimensionalHingeLossIsNeverBeaten()
    {
        // Subgradient Adam on the hinge loss is a weaker optimizer; only the lower-bound property is asserted.
        var rng = new Random(7);
        var x = Pipeline.RandomPoints(rng, 12, 2);
        var y = x.Select(p => p[0] * p[1] >= 0 ? 1.0 : -1.0).ToArray();
        AssertGlobal(x, y, LossKind.Hinge, 0.1, BiasMode.Regularized, expectClose: false);
    }
}
