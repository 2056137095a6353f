using System.Collections.Immutable;
using ConicDsl.Backends;
using ConicDsl.Backends.Native;
using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Architectures;

public class ConeBlockProgramTests
{
    /// <summary>The generic §1 program, instantiated with the fully connected cones (A_i = D_i X, G_i = (2D_i − I)X,
    /// N = ‖·‖₂), must reach the optimum of the dedicated two-layer lowering on the same patterns — a second,
    /// independently written route to the same program.</summary>
    [Test]
    public void FullyConnectedInstanceMatchesTheDedicatedLowering()
    {
        var rng = new Random(7);
        var x = Pipeline.RandomPoints(rng, 8, 2);
        var y = x.Select(r => Math.Sin(3 * r[0]) + r[1]).ToArray();
        var reference = Pipeline.Solve(x, y, LossKind.Squared, 0.05, BiasMode.None);
        var compiled = reference.Compiled;
        var patterns = compiled.Patterns;
        var design = compiled.Data.DesignMatrix(false);
        int n = design.GetLength(0), d = design.GetLength(1);

        var blocks = Enumerable.Range(0, patterns.Count).Select(i =>
        {
            var map = new double[n, d];
            var cone = new double[n, d];
            for (int k = 0; k < n; k++)
            for (int j = 0; j < d; j++)
            {
                bool on = patterns.IsActive(i, k);
                map[k, j] = on ? design[k, j] : 0;
                cone[k, j] = (on ? 1 : -1) * design[k, j];
            }
            return new ConeBlock(i, map, cone);
        }).ToList();
        var loss = new SquaredLoss();
        var penalty = GroupNormPenalty.Euclidean(d);
        var (program, layout) = ConeBlockProgram.Build(blocks, penalty, loss, compiled.Data.Targets(), 0.05);
        var result = new NativeBackend().Solve(program, new SolverSettings());
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Optimal));
        Assert.That(result.PrimalObjective, Is.EqualTo(reference.Result.PrimalObjective).Within(1e-7 * (1 + reference.Result.PrimalObjective)));

        var recovery = new ConeBlockRecovery(compiled.Data, loss, 0.05, blocks, penalty, layout, new FullyConnectedUnits(compiled.Data));
        var recovered = recovery.Recover(result.X.AsSpan());
        double objective = recovery.Objective(recovered.Network);
        TestContext.Out.WriteLine($"generic {result.PrimalObjective:G12}, dedicated {reference.Result.PrimalObjective:G12}, recovered {objective:G12}, units {recovered.Network.Units}");
        Assert.That(objective, Is.EqualTo(result.PrimalObjective).Within(1e-6 * (1 + result.PrimalObjective)));
        Assert.That(recovered.Network.Units, Is.LessThanOrEqualTo(n), "pruning leaves at most n units (math.md §10.3)");
    }

    [Test]
    public void GroupNormPenaltyIsTheWeightedSumOfGroupNorms()
    {
        var penalty = new GroupNormPenalty(5, new[] { (new[] { 0 }, 2.0), (new[] { 1, 3 }, 0.5) });
        Assert.That(penalty.Evaluate(new[] { -3.0, 3, 100, 4, 100 }), Is.EqualTo(2 * 3 + 0.5 * 5).Within(1e-15),
            "coordinates 2 and 4 are in no group, so not penalised");
        Assert.Throws<ArgumentException>(() => new GroupNormPenalty(3, new[] { (new[] { 0, 1 }, 1.0), (new[] { 1 }, 1.0) }));
    }

    /// <summary>§2.3 for the test: u = θ/√N(θ), α = sign·√N(θ).</summary>
    private sealed class FullyConnectedUnits(ConicDsl.Compiler.Data.Dataset data) : IUnitFactory
    {
        public ITrainedNetwork Build(IReadOnlyList<SignedBlock> blocks, double outputOffset) =>
            new TwoLayerReluNetwork(data.FeatureNames, BiasMode.None,
                blocks.Select(b =>
                {
                    double root = Math.Sqrt(b.Penalty);
                    return new Neuron(b.Theta.Select(e => e / root).ToImmutableArray(), 0, b.Sign * root);
                }).ToImmutableArray(), outputOffset);
    }
}
