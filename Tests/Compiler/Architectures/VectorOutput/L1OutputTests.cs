using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Architectures.VectorOutput;

/// <summary>The ℓ1-squared output penalty (math.md §7.4): an exact SOCP, checked against independent routes.</summary>
public class L1OutputTests
{
    [Test]
    public void SquaredLossDecouplesIntoOneScalarReluProgramPerOutput()
    {
        // §7.4: each atom feeds one output, so with a loss that is a sum over outputs the optimum is the sum of the C
        // scalar optima (math.md §2.2), computed here by the existing two_layer_relu path on each target column.
        var rng = new Random(21);
        var x = Pipeline.RandomPoints(rng, 8, 2);
        var y = Pipeline.RandomPoints(rng, 8, 3);
        const double beta = 0.1;
        var solved = VectorOutputModels.Solve(VectorOutputModels.Compile(x, y,
            (m, f) => VectorOutputModels.Model(m, f, 3, beta: beta, l1Output: true)));
        Assert.That(solved.Compiled.Lowered.Claim, Is.EqualTo(ProgramClaim.Exact));
        double sum = Enumerable.Range(0, 3).Sum(c =>
            Pipeline.Solve(x, y.Select(r => r[c]).ToArray(), LossKind.Squared, beta, BiasMode.Regularized).Result.PrimalObjective);
        double value = solved.Result.PrimalObjective;
        Assert.That(value, Is.EqualTo(sum).Within(1e-6 * (1 + sum)));
        Assert.That(solved.NonConvexObjective, Is.EqualTo(value).Within(1e-6 * (1 + value)), "recovered network attains it");
        var network = (VectorReluNetwork)solved.Recovery.Network;
        Assert.That(network.Neurons.All(nu => nu.OutputWeights.Count(v => v != 0) == 1), "each unit feeds one output");
    }

    [Test]
    public void NonConvexTrainingWithTheSamePenaltyNeverBeatsTheOptimum()
    {
        // Adam on (β/2)Σ(‖u‖² + ‖v‖₁²) from 20 starts
        // (VectorOutputTrainer, its own subgradient) stays at or above the exact optimum and gets close to it.
        var rng = new Random(22);
        var x = Pipeline.RandomPoints(rng, 8, 2);
        var y = Pipeline.RandomPoints(rng, 8, 2);
        const double beta = 0.1;
        var solved = VectorOutputModels.Solve(VectorOutputModels.Compile(x, y,
            (m, f) => VectorOutputModels.Model(m, f, 2, beta: beta, l1Output: true)));
        double optimum = solved.Result.PrimalObjective;
        double trained = VectorOutputTrainer.Objectives(x, y, true, beta,
            new VectorOutputTrainer.Options(Width: 12, L1Output: true)).Min();
        Assert.That(trained, Is.GreaterThanOrEqualTo(optimum - 1e-7 * (1 + optimum)));
        Assert.That(trained, Is.EqualTo(optimum).Within(1e-3 * (1 + optimum)));
    }
}
