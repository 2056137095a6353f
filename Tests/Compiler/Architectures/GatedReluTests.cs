using ConicDsl.Backends;
using ConicDsl.Backends.Cvxopt;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Text;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Architectures;

/// <summary>Gated ReLU (math.md §2.6): the group lasso over fixed gates against independent routes.</summary>
public class GatedReluTests
{
    private static (double[][] X, double[] Y) Data(int seed, int n)
    {
        var rng = new Random(seed);
        var x = Pipeline.RandomPoints(rng, n, 2);
        var y = x.Select(r => Math.Max(0, r[0] - 0.3 * r[1]) - 0.5 * Math.Max(0, r[1] + 0.2) + 0.1 * (2 * rng.NextDouble() - 1)).ToArray();
        return (x, y);
    }

    private static Pipeline.Solved Solve(double[][] x, double[] y, double beta, PatternSpec patterns,
        BiasMode bias = BiasMode.Regularized, LossKind loss = LossKind.Squared) =>
        Pipeline.Solve(x, y, (m, d) => Models.GatedRelu(m, d, "y", loss, beta, bias, 16, patterns));

    private static double[][] AllGates(Pipeline.Solved solved) =>
        Enumerable.Range(0, solved.Compiled.Patterns.Count).Select(i => solved.Compiled.Patterns.Witness(i).ToArray()).ToArray();

    private static SampledPatterns Sample(int count, int seed) => new(count, seed, SourceSpan.None("m.cnn"));

    [Test]
    public void RecoveredNetworkAttainsTheConvexOptimumAndAdamFromTwentyStartsNeverBeatsIt()
    {
        var (x, y) = Data(3, 12);
        var solved = Solve(x, y, 0.05, Sample(60, 5));
        double optimum = solved.Result.PrimalObjective;
        Assert.That(solved.Compiled.Lowered.Claim, Is.EqualTo(ProgramClaim.ExactForGates));
        Assert.That(solved.Compiled.Lowered.ClaimReason, Does.Contain("not of the ReLU network"));
        Assert.That(solved.NonConvexObjective, Is.EqualTo(optimum).Within(1e-6 * Math.Abs(optimum)), "recovered network = convex optimum");

        var starts = GatedReluTrainer.Objectives(x, y, AllGates(solved), bias: true, hinge: false, 0.05, new GatedReluTrainer.Options());
        TestContext.Out.WriteLine($"convex {optimum:R}; Adam best {starts.Min():R}, worst {starts.Max():R} over {starts.Length} starts, {solved.Compiled.Patterns.Count} gates");
        Assert.That(starts, Has.Length.EqualTo(20));
        Assert.That(starts.Min(), Is.GreaterThanOrEqualTo(optimum - 1e-6 * Math.Abs(optimum)), "no start beats the global optimum");
        Assert.That(starts.Min(), Is.LessThanOrEqualTo(optimum * (1 + 1e-3)), "the best start comes close");
    }

    [Test]
    public void ExactPatternsUseOneInteriorGatePerRegionAndTheHingeLossToo()
    {
        var (x, y) = Data(8, 10);
        var labels = y.Select(v => v >= 0 ? 1.0 : -1.0).ToArray();
        var solved = Solve(x, labels, 0.1, new ExactPatterns(ExactPatterns.DefaultLimit, SourceSpan.None("m.cnn")), loss: LossKind.Hinge);
        double optimum = solved.Result.PrimalObjective;
        Assert.That(solved.Compiled.Patterns.Source, Is.EqualTo(PatternSet.SourceExact));
        Assert.That(solved.NonConvexObjective, Is.EqualTo(optimum).Within(1e-6 * Math.Abs(optimum)));
        var starts = GatedReluTrainer.Objectives(x, labels, AllGates(solved), bias: true, hinge: true, 0.1, new GatedReluTrainer.Options());
        TestContext.Out.WriteLine($"hinge convex {optimum:R}; Adam best {starts.Min():R} over {starts.Length} starts, {solved.Compiled.Patterns.Count} gates");
        Assert.That(starts.Min(), Is.GreaterThanOrEqualTo(optimum - 1e-6 * Math.Abs(optimum)));
        Assert.That(starts.Min(), Is.LessThanOrEqualTo(optimum * (1 + 1e-2)), "the best start comes close (hinge: subgradient steps)");
    }

    [Test]
    public void CvxoptAgreesAndItsPointRecoversToTheSameObjective()
    {
        var (x, y) = Data(11, 10);
        var solved = Solve(x, y, 0.1, Sample(40, 2), BiasMode.None);
        var result = new CvxoptBackend().Solve(solved.Compiled.Lowered.Program, new SolverSettings());
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Optimal), result.Message);
        double native = solved.Result.PrimalObjective;
        Assert.That(result.PrimalObjective, Is.EqualTo(native).Within(1e-6 * (1 + Math.Abs(native))), "cvxopt vs native optimum");
        var recovery = solved.Compiled.Lowered.Recovery;
        Assert.That(recovery.Objective(recovery.Recover(result.X.AsSpan()).Network), Is.EqualTo(native).Within(1e-6 * (1 + Math.Abs(native))));
    }

    [Test]
    public void GatedOptimumIsAtMostTheReluOptimumOverTheSamePatterns()
    {
        // §2.6: with the same patterns (CVX-GReLU) relaxes (CVX-FC), so p*_GReLU ≤ p*_ReLU.
        var (x, y) = Data(5, 10);
        var exact = new ExactPatterns(ExactPatterns.DefaultLimit, SourceSpan.None("m.cnn"));
        var gated = Solve(x, y, 0.05, exact);
        var relu = Pipeline.Solve(x, y, LossKind.Squared, 0.05, BiasMode.Regularized, exact);
        TestContext.Out.WriteLine($"gated {gated.Result.PrimalObjective:R}, relu {relu.Result.PrimalObjective:R}");
        Assert.That(gated.Result.PrimalObjective, Is.LessThanOrEqualTo(relu.Result.PrimalObjective + 1e-7));
    }

    [Test]
    public void TheNetworkKeepsItsGatesAndRunsOnNewPoints()
    {
        var (x, y) = Data(3, 12);
        var solved = Solve(x, y, 0.05, Sample(60, 5));
        var network = (GatedReluNetwork)solved.Recovery.Network;
        Assert.That(network.Units, Is.GreaterThan(0));
        var gates = AllGates(solved);
        var point = new[] { 0.37, -0.81 };
        double expected = 0;
        foreach (var unit in network.Neurons)
        {
            // Each unit's gate is one of the pattern set's gates, and the unit is open where that gate says.
            var gate = unit.GateWeights.Append(unit.GateBias).ToArray();
            Assert.That(gates.Any(g => g.SequenceEqual(gate)), Is.True);
            if (gate[0] * point[0] + gate[1] * point[1] + gate[2] >= 0)
                expected += unit.OutputWeight * (unit.Weights[0] * point[0] + unit.Weights[1] * point[1] + unit.Bias);
        }
        Assert.That(network.Predict(point), Is.EqualTo(expected).Within(1e-12));
        var layers = network.LayersJson();
        Assert.That((string?)layers[0]!["kind"], Is.EqualTo("dense_gated_relu"));
        Assert.That(layers[0]!["gate_weights"]!.AsArray(), Has.Count.EqualTo(network.Units));
    }

    [Test]
    public void SampledGatesAreTheSamplersStreamDedupedByPattern()
    {
        var (x, y) = Data(3, 12);
        var solved = Solve(x, y, 0.05, Sample(60, 5));
        var design = solved.Compiled.Data.DesignMatrix(true);
        var again = new ArrangementSampler(60, 5).Build(design);
        Assert.That(solved.Compiled.Patterns.Count, Is.EqualTo(again.Count));
        for (int i = 0; i < again.Count; i++)
            Assert.That(solved.Compiled.Patterns.Witness(i).ToArray(), Is.EqualTo(again.Witness(i).ToArray()));
        // No v/w split: ŷ (n), one w_i (d = 3) and one norm epigraph per gate; the squared loss adds no variables.
        var program = solved.Compiled.Lowered.Program;
        Assert.That(program.Variables, Is.EqualTo(12 + again.Count * 3 + again.Count));
        Assert.That(program.Cones.NonNegative, Is.EqualTo(0), "no cone constraints");
        Assert.That(program.Cones.SecondOrder, Is.EqualTo(Enumerable.Repeat(4, again.Count)));
    }

    /// <summary>The new losses through the gated model, against Adam on the gated network with the same gates: no start
    /// beats the convex optimum and the best comes close (absolute: subgradient steps, so a looser "close").</summary>
    [TestCase(LossKind.Huber, 0.3, 1e-3)]
    [TestCase(LossKind.Absolute, 1.0, 2e-2)]
    public void RobustLossesAgainstAdamOnTheGatedModel(LossKind kind, double delta, double close)
    {
        var (x, y) = Data(21, 12);
        var solved = Pipeline.Solve(x, y, (m, d) =>
            Models.GatedRelu(m, d, "y", kind, 0.05, BiasMode.Regularized, 16, Sample(40, 3)) with { Loss = new LossSpec(kind, SourceSpan.None(m), delta) });
        double optimum = solved.Result.PrimalObjective;
        Assert.That(solved.NonConvexObjective, Is.EqualTo(optimum).Within(1e-6 * optimum));
        var trainerLoss = kind == LossKind.Huber ? GatedReluTrainer.Loss.Huber : GatedReluTrainer.Loss.Absolute;
        var starts = GatedReluTrainer.Objectives(x, y, AllGates(solved), true, trainerLoss, delta, 0.05, new GatedReluTrainer.Options());
        TestContext.Out.WriteLine($"{kind}: convex {optimum:R}; Adam best {starts.Min():R} over {starts.Length} starts, {solved.Compiled.Patterns.Count} gates");
        Assert.That(starts.Min(), Is.GreaterThanOrEqualTo(optimum - 1e-6 * optimum));
        Assert.That(starts.Min(), Is.LessThanOrEqualTo(optimum * (1 + close)));
    }
}
