using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>math.md §9.3: with 1-D inputs and an unregularized bias the optimal network is a linear spline whose
/// kinks lie at training inputs.</summary>
public class SplineKnotTests
{
    [Test]
    public void KinksLieAtTrainingInputsWhenTheBiasIsUnregularized()
    {
        var rng = new Random(7);
        var x = Pipeline.RandomPoints(rng, 8, 1, 2).OrderBy(p => p[0]).ToArray();
        var y = x.Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var solved = Pipeline.Solve(x, y, LossKind.Squared, 0.1, BiasMode.Unregularized);
        var neurons = ((TwoLayerReluNetwork)solved.Recovery.Network).Neurons;
        Assert.That(neurons, Is.Not.Empty);
        // Tolerances: the solution is optimal to 1e-8, so an interior-point answer may keep neurons of weight
        // |α|² ~ 1e-8 anywhere; the property is asserted for neurons carrying |α|² ≥ 1e-6·max|α|². Their kink −b/w is a
        // ratio of solution entries accurate to ~1e-8; 1e-5 of the data range leaves room for its conditioning.
        double largest = neurons.Max(n => n.OutputWeight * n.OutputWeight);
        double range = x.Max(p => p[0]) - x.Min(p => p[0]);
        TestContext.Out.WriteLine("x = " + string.Join(", ", x.Select(p => p[0].ToString("G6"))));
        TestContext.Out.WriteLine($"recovery {solved.Recovery}");
        foreach (var neuron in neurons)
        {
            TestContext.Out.WriteLine($"neuron w={neuron.Weights[0]:G6} b={neuron.Bias:G6} a={neuron.OutputWeight:G6} kink={-neuron.Bias / neuron.Weights[0]:G6}");
            if (neuron.OutputWeight * neuron.OutputWeight < 1e-6 * largest) continue;
            double kink = -neuron.Bias / neuron.Weights[0];
            double distance = x.Min(p => Math.Abs(p[0] - kink));
            Assert.That(distance, Is.LessThanOrEqualTo(1e-5 * range), $"kink at {kink} is {distance} from the nearest input");
        }
        // The same model trained directly (free output offset, unpenalised biases) never beats the optimum.
        double best = NonConvexTrainer.BestObjective(x, y, false, 0.1, BiasMode.Unregularized, new NonConvexTrainer.Options(Width: 12));
        Assert.That(solved.Result.PrimalObjective, Is.LessThanOrEqualTo(best + 1e-7 * (1 + best)));
        Assert.That(Math.Abs(solved.NonConvexObjective - solved.Result.PrimalObjective), Is.LessThanOrEqualTo(1e-6 * solved.Result.PrimalObjective));
    }
}
