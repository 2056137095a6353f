using ConicDsl.Backends;
using ConicDsl.Backends.Cvxopt;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Text;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Architectures.VectorOutput;

/// <summary>Vector outputs (math.md §7): the nuclear-norm relaxation §7.2(1) against independent routes.</summary>
public class VectorOutputTests
{
    private static double[][] Random(int seed, int n, int d) => Pipeline.RandomPoints(new Random(seed), n, d);

    [Test]
    public void OneDimensionalDataPassTheConeTestAndNonConvexTrainingReachesTheBound()
    {
        // d = 1, no bias: every block Z_i is 1 × C (rank one) and its left singular vector ±1 lies in the half-line
        // cone of its pattern, so §7.2's test must pass and the bound be attained. Independent route: Adam on the
        // non-convex network from 20 random starts (VectorOutputTrainer) reaches the same value and never goes below.
        var x = Random(1, 8, 1);
        var y = Random(2, 8, 3);
        const double beta = 0.1;
        var solved = VectorOutputModels.Solve(VectorOutputModels.Compile(x, y,
            (m, f) => VectorOutputModels.Model(m, f, 3, beta: beta, bias: BiasMode.None)));
        double lower = solved.Result.PrimalObjective;
        Assert.That(solved.Compiled.Lowered.Claim, Is.EqualTo(ProgramClaim.LowerBound));
        Assert.That(solved.Recovery.RelaxationTight, Is.True);
        Assert.That(solved.NonConvexObjective, Is.EqualTo(lower).Within(1e-6 * (1 + lower)), "recovered network attains the bound");
        double trained = VectorOutputTrainer.Objectives(x, y, false, beta, new VectorOutputTrainer.Options()).Min();
        Assert.That(trained, Is.GreaterThanOrEqualTo(lower - 1e-7 * (1 + lower)), "no trained network beats the exact optimum");
        Assert.That(trained, Is.EqualTo(lower).Within(1e-4 * (1 + lower)), "training reaches the optimum");
    }

    [TestCase(1, 2)]
    [TestCase(5, 2)]
    public void WhenTheConeTestFailsTheBoundsStillBracketNonConvexTraining(int seed, int outputs)
    {
        // Random 2-D data with a bias, all patterns (exact): the relaxation is a certified lower bound and the
        // recovered ReLU network an upper bound; the best of 20 Adam starts (VectorOutputTrainer) lies between them.
        var x = Random(seed, 8, 2);
        var y = Random(seed + 100, 8, outputs);
        const double beta = 0.1;
        var solved = VectorOutputModels.Solve(VectorOutputModels.Compile(x, y,
            (m, f) => VectorOutputModels.Model(m, f, outputs, beta: beta)));
        Assert.That(solved.Compiled.Patterns.Source, Is.EqualTo("exact"));
        Assert.That(solved.Recovery.RelaxationTight, Is.False, "on this data the relaxation's neurons leave their cones");
        double lower = solved.Result.PrimalObjective, upper = solved.NonConvexObjective;
        double trained = VectorOutputTrainer.Objectives(x, y, true, beta, new VectorOutputTrainer.Options()).Min();
        Assert.That(lower, Is.LessThanOrEqualTo(trained + 1e-7), "lower bound ≤ best trained network");
        Assert.That(trained, Is.LessThanOrEqualTo(upper + 1e-7), "Adam from 20 starts does at least as well as the recovered network");
        Assert.That(upper - lower, Is.GreaterThan(1e-3), "a real gap, reported as such");
    }

    [Test]
    public void TightenedRelaxationIsExactOnDataFromOnePlantedNeuron()
    {
        // Y = (x₁ + ½x₂ + 0.2)_+ · (2, −1): with §7.2(2)'s K A Kᵀ ≥ 0 the relaxation's blocks pass the cone test, so the
        // bound is attained. Independent route: Adam from 20 random starts (VectorOutputTrainer) reaches the value
        // and never goes below it (all patterns, so the bound is global).
        var x = Random(1, 8, 2);
        var y = x.Select(r => { double h = Math.Max(0, r[0] + 0.5 * r[1] + 0.2); return new[] { 2 * h, -h }; }).ToArray();
        const double beta = 0.05;
        var solved = VectorOutputModels.Solve(VectorOutputModels.Compile(x, y,
            (m, f) => VectorOutputModels.Model(m, f, 2, beta: beta, tightened: true)));
        double lower = solved.Result.PrimalObjective;
        Assert.That(solved.Recovery.RelaxationTight, Is.True);
        Assert.That(solved.NonConvexObjective, Is.EqualTo(lower).Within(1e-6 * (1 + lower)));
        double trained = VectorOutputTrainer.Objectives(x, y, true, beta, new VectorOutputTrainer.Options()).Min();
        Assert.That(trained, Is.GreaterThanOrEqualTo(lower - 1e-7 * (1 + lower)));
        Assert.That(trained, Is.EqualTo(lower).Within(1e-4 * (1 + lower)));
    }

    [Test]
    public void TighteningRaisesTheBoundWithoutPassingTraining()
    {
        // §7.2(2) only adds constraints that every point of the exact program satisfies: its value lies between the
        // plain relaxation's and the best of 20 Adam starts (VectorOutputTrainer), and on this data meets the
        // recovered network (whose objective is recomputed from its weights).
        var rng = new Random(1);
        var x = Pipeline.RandomPoints(rng, 8, 2);
        var y = Pipeline.RandomPoints(rng, 8, 2);
        const double beta = 0.1;
        var plain = VectorOutputModels.Solve(VectorOutputModels.Compile(x, y, (m, f) => VectorOutputModels.Model(m, f, 2, beta: beta)));
        var tight = VectorOutputModels.Solve(VectorOutputModels.Compile(x, y,
            (m, f) => VectorOutputModels.Model(m, f, 2, beta: beta, tightened: true)));
        double trained = VectorOutputTrainer.Objectives(x, y, true, beta, new VectorOutputTrainer.Options()).Min();
        double lower = tight.Result.PrimalObjective;
        Assert.That(lower, Is.GreaterThan(plain.Result.PrimalObjective + 0.1), "a much tighter bound");
        Assert.That(lower, Is.LessThanOrEqualTo(trained + 1e-7), "still a lower bound");
        Assert.That(tight.NonConvexObjective, Is.EqualTo(lower).Within(1e-6 * (1 + lower)), "recovered network meets the bound");
    }

    [Test]
    public void RecoveredObjectiveIsRecomputedFromTheNetworkOnAllOutputs()
    {
        // Independent route: the objective written out by hand from the recovered weights, ½‖F − Y‖_F² + (β/2)Σ‖·‖².
        var x = Random(3, 7, 2);
        var y = Random(4, 7, 2);
        const double beta = 0.2;
        var solved = VectorOutputModels.Solve(VectorOutputModels.Compile(x, y,
            (m, f) => VectorOutputModels.Model(m, f, 2, beta: beta)));
        var network = (VectorReluNetwork)solved.Recovery.Network;
        double loss = 0, penalty = 0;
        for (int k = 0; k < x.Length; k++)
            for (int c = 0; c < 2; c++)
            {
                double f = network.Neurons.Sum(nu => Math.Max(0, nu.Weights[0] * x[k][0] + nu.Weights[1] * x[k][1] + nu.Bias) * nu.OutputWeights[c]);
                loss += 0.5 * (f - y[k][c]) * (f - y[k][c]);
            }
        foreach (var nu in network.Neurons)
            penalty += nu.Weights.Sum(w => w * w) + nu.Bias * nu.Bias + nu.OutputWeights.Sum(v => v * v);
        Assert.That(solved.NonConvexObjective, Is.EqualTo(loss + 0.5 * beta * penalty).Within(1e-12 * (1 + loss)));
    }

    [Test]
    public void WithOneOutputTheRelaxationIsTheGatedProgramAndBelowTheScalarReluOptimum()
    {
        // C = 1: ‖z‖_* = ‖z‖₂, so §7.2(1) is the scalar gated ReLU group lasso over the same (exact) patterns, solved by
        // the existing gated_relu path; and it relaxes the scalar ReLU program (math.md §2.2), solved by the existing
        // two_layer_relu path.
        var x = Random(6, 9, 2);
        var y = Random(7, 9, 1).Select(r => r[0]).ToArray();
        const double beta = 0.1;
        var vector = Pipeline.Solve(x, y, (m, f) =>
        {
            var model = Models.TwoLayer(m, f, "y", beta: beta);
            var layer = new ReluLayerSpec(16, SourceSpan.None(m));
            return model with
            {
                Network = new NetworkSpec(model.Network.Input, [layer], 1, true, new VectorOutputArchitecture(layer, 1), SourceSpan.None(m)),
            };
        });
        var gated = Pipeline.Solve(x, y, (m, f) => Models.GatedRelu(m, f, "y", beta: beta));
        var relu = Pipeline.Solve(x, y, LossKind.Squared, beta, BiasMode.Regularized);
        Assert.That(vector.Compiled.Patterns.Count, Is.EqualTo(gated.Compiled.Patterns.Count));
        double v = vector.Result.PrimalObjective;
        Assert.That(v, Is.EqualTo(gated.Result.PrimalObjective).Within(1e-6 * (1 + v)), "C = 1 relaxation = scalar gated program");
        Assert.That(v, Is.LessThanOrEqualTo(relu.Result.PrimalObjective + 1e-7), "relaxation ≤ scalar ReLU optimum");
    }

    [Test]
    public void CvxoptAgreesWithTheNativeSolverOnTheSdp()
    {
        var x = Random(8, 6, 2);
        var y = Random(9, 6, 2);
        var solved = VectorOutputModels.Solve(VectorOutputModels.Compile(x, y,
            (m, f) => VectorOutputModels.Model(m, f, 2, beta: 0.1, patterns: new SampledPatterns(12, 3, SourceSpan.None(m)))));
        var result = new CvxoptBackend().Solve(solved.Compiled.Lowered.Program, new SolverSettings());
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Optimal), result.Message);
        double native = solved.Result.PrimalObjective;
        Assert.That(result.PrimalObjective, Is.EqualTo(native).Within(1e-6 * (1 + native)), "cvxopt vs native optimum");
    }

    [Test]
    public void OneHotClassLabelsGiveOneOutputPerClassInSortedOrder()
    {
        var x = Random(10, 9, 2);
        double[] labels = [7, 3, 5, 3, 7, 5, 5, 3, 7];
        var solved = Pipeline.Solve(x, labels, (m, f) => VectorOutputModels.Model(m, f, 3, beta: 0.1,
            patterns: new SampledPatterns(10, 1, SourceSpan.None(m))) is var model
            ? model with { Data = model.Data with { Target = new ColumnRef("y", model.Data.Target.Span), MoreTargets = [] } }
            : null!);
        var data = solved.Compiled.Data;
        Assert.That(data.Outputs, Is.EqualTo(3));
        Assert.That(data.OutputTargets!.Classes, Is.EqualTo(new[] { 3.0, 5.0, 7.0 }));
        for (int k = 0; k < labels.Length; k++)
            for (int c = 0; c < 3; c++)
                Assert.That(data.Target(k, c), Is.EqualTo(labels[k] == data.OutputTargets.Classes[c] ? 1.0 : 0.0));
        Assert.That(solved.Recovery.FactsOrEmpty.Select(f => f.Key), Does.Contain("accuracy"));
    }
}
