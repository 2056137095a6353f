using ConicDsl.Compiler.Architectures.Circular;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Architectures.Circular;

/// <summary>
/// math.md §5.6: k ≥ 2 circular layers before one ReLU (L = k + 2 layers). The program is a lower bound (the convex
/// envelope of the unit cost, <see cref="SpectralGauge"/>) and the recovered network of the declared depth an upper
/// bound. References: math.md's [num] for L = 4 (verify/t4_deep_circ.py: unweighted ℓ1 surrogate 0.1882853, best
/// projected GD 0.315), CVXOPT, and the 4-layer network trained by projected gradient from 20 starts.
/// </summary>
public class DeepCircularTests
{
    [Test]
    public void FourLayersAreBracketedByTheBoundAndTheRecoveredNetwork()
    {
        double[][] x = VerifyScriptData.T4X;
        double[] y = VerifyScriptData.T4Y;
        var solved = CircularModels.Solve(x, y, CircularModels.Relu(1, 4, 1, 0.05, circularLayers: 2, patterns: CircularModels.Exact, relaxation: true),
            new ConicDsl.Backends.Cvxopt.CvxoptBackend());
        Assert.That(solved.Compiled.Lowered.Claim, Is.EqualTo(ProgramClaim.LowerBound));
        double lower = solved.Result.PrimalObjective, upper = solved.NonConvexObjective;
        double best = CircularCnnTrainer.BestObjective(x, y, 0.05, new CircularCnnTrainer.Shape(1, 4, 1, 2, true),
            new CircularCnnTrainer.Options(Width: 10, Steps: 4000));
        TestContext.Out.WriteLine($"lower bound {lower:G10}, best of 20 projected-gradient restarts {best:G10}, recovered upper bound {upper:G10} ({solved.Recovery.Network.Units} units), tight {solved.Recovery.RelaxationTight}");
        // Independent route for the number itself: verify/common.py's program and CVXOPT with the pair groups
        // weighted √2 more than t4's unweighted surrogate (Tests/…/Circular/reference_envelope.py prints 0.2283258422430389).
        Assert.That(lower, Is.EqualTo(0.2283258422430389).Within(1e-6 * 0.23));
        Assert.That(lower, Is.GreaterThanOrEqualTo(0.1882853165786392), "at least as tight as math.md's unweighted ℓ1 surrogate");
        Assert.That(lower, Is.LessThanOrEqualTo(best * (1 + 1e-7)), "a lower bound: no trained network goes below it");
        Assert.That(best, Is.LessThanOrEqualTo(upper * (1 + 1e-7)), "training does at least as well as the recovered network");
        Assert.That(solved.Recovery.RelaxationTight, Is.False, "the bound is not attained on this data");
        var network = (CircularCnnNetwork)solved.Recovery.Network;
        Assert.That(network.Chains.All(c => c.LaterFilters.Length == 1), "a real network of the declared depth");
    }

    [Test]
    public void SingleToneDataMakeTheRelaxationTight()
    {
        // Every signal is one tone (2 cycles per 8 samples): every block is a single frequency class, where the
        // envelope equals the unit cost, so the 5-layer network recovered meets the bound.
        var rng = new Random(51);
        var x = Enumerable.Range(0, 7).Select(_ =>
        {
            double a = 0.5 + rng.NextDouble(), phase = 2 * Math.PI * rng.NextDouble();
            return Enumerable.Range(0, 8).Select(t => a * Math.Cos(2 * Math.PI * 2 * t / 8 + phase)).ToArray();
        }).ToArray();
        var y = x.Select(r => Math.Max(0, r[0]) - 0.5 * Math.Max(0, r[1])).ToArray();
        var solved = Pipeline.Solve(x, y, CircularModels.Relu(1, 8, 1, 0.05, circularLayers: 3, patterns: CircularModels.Exact, relaxation: true));
        double lower = solved.Result.PrimalObjective, upper = solved.NonConvexObjective;
        TestContext.Out.WriteLine($"patterns {solved.Compiled.Patterns.Count}, lower {lower:G12}, upper {upper:G12}, tight {solved.Recovery.RelaxationTight}, {CircularModels.Fact(solved.Recovery, ActiveFrequencies.Key).Text}");
        Assert.That(solved.Recovery.RelaxationTight, Is.True);
        Assert.That(upper, Is.EqualTo(lower).Within(1e-6 * lower));
        double best = CircularCnnTrainer.BestObjective(x, y, 0.05, new CircularCnnTrainer.Shape(1, 8, 1, 3, true),
            new CircularCnnTrainer.Options(Width: 4, Steps: 2000));
        TestContext.Out.WriteLine($"best of 20 projected-gradient restarts {best:G12}");
        Assert.That(best, Is.GreaterThanOrEqualTo(lower * (1 - 1e-7)), "the bound holds");
    }
}
