using System.Collections.Immutable;
using ConicDsl.Compiler.Certificates;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Certificates;

/// <summary>
/// math.md §10.2 on networks whose status is known by construction: the network recovered from the solved convex
/// program (optimal), the same network perturbed or rescaled out of balance, and Adam's best network with too few units
/// (NonConvexTrainer, sharing no code with the compiler). The optimum each is compared with is the convex program's,
/// whose value the recovered network's forward run reproduces.
/// </summary>
public class OptimalityCertifierTests
{
    private static (double[][] X, double[] Y) Data(int seed, int n = 12, int d = 2, bool labels = false)
    {
        var rng = new Random(seed);
        var x = Pipeline.RandomPoints(rng, n, d);
        var y = x.Select(row => labels ? (Math.Sin(3 * row[0]) + row[^1] >= 0 ? 1.0 : -1.0) : Math.Sin(3 * row[0]) + 0.5 * row[^1] + 0.1 * (2 * rng.NextDouble() - 1)).ToArray();
        return (x, y);
    }

    private static (OptimalityCertificate Certificate, OptimalityDecision Decision) Certify(Pipeline.Solved s, TwoLayerReluNetwork network)
    {
        var model = s.Compiled.Model;
        var kinks = model.Loss.Kind == LossKind.Hinge
            ? ConvexDualResidual.HingeKinkMultipliers(s.Compiled.Lowered.Program, s.Result.Y, s.Compiled.Data.Targets())
            : ImmutableArray<double>.Empty;
        var c = OptimalityCertifier.Certify(model, s.Compiled.Data, s.Compiled.Patterns, network, kinks.AsSpan());
        return (c, OptimalityDecision.Decide(c, model.Loss.Kind, s.Result.PrimalObjective, solvedOptimally: true));
    }

    private static TwoLayerReluNetwork Recovered(Pipeline.Solved s) => (TwoLayerReluNetwork)s.Recovery.Network;

    private static TwoLayerReluNetwork Map(TwoLayerReluNetwork n, Func<Neuron, int, Neuron> f) =>
        n with { Neurons = n.Neurons.Select(f).ToImmutableArray() };

    [TestCase(1, BiasMode.Regularized)]
    [TestCase(2, BiasMode.None)]
    [TestCase(3, BiasMode.Regularized)]
    public void RecoveredNetworkIsCertifiedGloballyOptimal(int seed, BiasMode bias)
    {
        var (x, y) = Data(seed);
        var s = Pipeline.Solve(x, y, LossKind.Squared, 0.1, bias);
        var (c, d) = Certify(s, Recovered(s));
        Assert.Multiple(() =>
        {
            Assert.That(d.GloballyOptimal, Is.True, d.Statement);
            Assert.That(c.KktHolds && c.Balanced && c.DualFeasible && c.SlacknessHolds, Is.True);
            Assert.That(d.ObjectiveTestHolds, Is.True, "network objective = convex optimum");
            Assert.That(d.TestsAgree, Is.True);
            Assert.That(c.RhoOverBeta, Is.EqualTo(1).Within(1e-4), "an optimal network's units attain the dual bound β");
            Assert.That(c.CertifiedLowerBound!.Value, Is.LessThanOrEqualTo(s.Result.PrimalObjective + 1e-7));
            Assert.That(c.CertifiedLowerBound!.Value, Is.EqualTo(s.Result.PrimalObjective).Within(1e-6), "strong duality");
            // The solver's dual on the prediction rows is r* = y − ŷ* (§9.1): what the hinge loss's kinks are read from.
            var residual = s.Compiled.Data.Targets().Zip(Recovered(s).Predict(s.Compiled.Data), (t, p) => t - p);
            Assert.That(ConvexDualResidual.Residual(s.Compiled.Lowered.Program, s.Result.Y, y.Length), Is.EqualTo(residual).Within(1e-6));
        });
    }

    [TestCase(4)]
    [TestCase(5)]
    public void PerturbedNetworkIsNotOptimal(int seed)
    {
        var (x, y) = Data(seed);
        var s = Pipeline.Solve(x, y, LossKind.Squared, 0.1, BiasMode.Regularized);
        var rng = new Random(seed);
        var perturbed = Map(Recovered(s), (n, _) => n with
        {
            Weights = n.Weights.Select(w => w * (1 + 0.05 * (2 * rng.NextDouble() - 1))).ToImmutableArray(),
            Bias = n.Bias * (1 + 0.05 * (2 * rng.NextDouble() - 1)),
        });
        var (c, d) = Certify(s, perturbed);
        Assert.Multiple(() =>
        {
            Assert.That(d.GloballyOptimal, Is.False, d.Statement);
            Assert.That(d.ObjectiveTestHolds, Is.False, "the perturbed network's objective exceeds the optimum");
            Assert.That(d.TestsAgree, Is.True, "KKT and objective comparison agree");
            Assert.That(d.OptimalObjective, Is.EqualTo(s.NonConvexObjective).Within(1e-7), "the optimum reported is the recovered network's");
            Assert.That(c.CertifiedLowerBound!.Value, Is.LessThanOrEqualTo(d.OptimalObjective + 1e-9));
        });
    }

    [Test]
    public void UnbalancedRescalingIsNotOptimalAndItsExcessIsWhatRebalancingSaves()
    {
        var (x, y) = Data(6);
        var s = Pipeline.Solve(x, y, LossKind.Squared, 0.1, BiasMode.Regularized);
        var original = Recovered(s);
        // u → 2u, α → α/2 leaves the predictions alone; with ‖u‖ = |α| before, the penalty grows by (β/2)(4 + 1/4 − 2)‖u‖².
        var unbalanced = Map(original, (n, j) => j != 0 ? n : n with
        {
            Weights = n.Weights.Select(w => 2 * w).ToImmutableArray(),
            Bias = 2 * n.Bias,
            OutputWeight = n.OutputWeight / 2,
        });
        var (c, d) = Certify(s, unbalanced);
        var u0 = original.Neurons[0];
        double norm2 = u0.Weights.Sum(w => w * w) + u0.Bias * u0.Bias;
        Assert.Multiple(() =>
        {
            Assert.That(d.GloballyOptimal, Is.False);
            Assert.That(c.Balanced, Is.False);
            Assert.That(c.DualFeasible && c.SlacknessHolds, Is.True, "same predictions, same directions");
            Assert.That(c.BalanceExcess, Is.EqualTo(0.05 * 2.25 * norm2).Within(1e-9));
            Assert.That(c.NetworkObjective - s.NonConvexObjective, Is.EqualTo(0.05 * 2.25 * norm2).Within(1e-9));
            Assert.That(d.TestsAgree, Is.True);
        });
    }

    [Test]
    public void AdamWithTooFewUnitsIsNotOptimal()
    {
        var (x, y) = Data(7);
        var s = Pipeline.Solve(x, y, LossKind.Squared, 0.1, BiasMode.Regularized);
        Assert.That(s.Recovery.Network.Units, Is.GreaterThan(1), "precondition: the optimum needs more than one unit");
        var t = NonConvexTrainer.BestNetwork(x, y, hinge: false, 0.1, BiasMode.Regularized,
            new NonConvexTrainer.Options(Width: 1, Restarts: 3, Steps: 4000));
        var adam = new TwoLayerReluNetwork(s.Compiled.Data.FeatureNames, BiasMode.Regularized,
            Enumerable.Range(0, 1).Select(j => new Neuron(Enumerable.Range(0, 2).Select(i => t.W[j, i]).ToImmutableArray(), t.B[j], t.A[j])).ToImmutableArray(), 0);
        var (c, d) = Certify(s, adam);
        Assert.Multiple(() =>
        {
            Assert.That(c.NetworkObjective, Is.EqualTo(t.Objective).Within(1e-9), "the trainer's own objective, same units");
            Assert.That(d.GloballyOptimal, Is.False, d.Statement);
            Assert.That(c.DualFeasible, Is.False, "a missing unit shows as a violated cone");
            Assert.That(d.TestsAgree, Is.True);
            Assert.That(c.CertifiedLowerBound!.Value, Is.LessThanOrEqualTo(s.Result.PrimalObjective + 1e-9));
            Assert.That(s.Result.PrimalObjective, Is.LessThan(c.NetworkObjective));
        });
    }

    [TestCase(LossKind.Squared, 8)]
    [TestCase(LossKind.Squared, 11)]
    [TestCase(LossKind.Hinge, 8)]
    [TestCase(LossKind.Hinge, 11)]
    public void CertifiedLowerBoundNeverExceedsTheOptimumOrTheNetwork(LossKind loss, int dataSeed)
    {
        // Weak duality (math.md §10.2): λ = r·min(1, β/ρ) is dual feasible, so −L*(−λ) ≤ p* ≤ any network's objective.
        var (x, y) = Data(dataSeed, labels: loss == LossKind.Hinge);
        var s = Pipeline.Solve(x, y, loss, 0.1, BiasMode.Regularized);
        double optimum = s.Result.PrimalObjective;
        for (int seed = 0; seed < 12; seed++)
        {
            var rng = new Random(100 + seed);
            int width = 1 + seed % 4;
            double scale = 0.3 + seed * 0.2;
            var network = new TwoLayerReluNetwork(s.Compiled.Data.FeatureNames, BiasMode.Regularized,
                Enumerable.Range(0, width).Select(_ => new Neuron(
                    Enumerable.Range(0, 2).Select(_ => scale * (2 * rng.NextDouble() - 1)).ToImmutableArray(),
                    scale * (2 * rng.NextDouble() - 1), scale * (2 * rng.NextDouble() - 1))).ToImmutableArray(), 0);
            var (c, d) = Certify(s, network);
            Assert.That(c.CertifiedLowerBound!.Value, Is.LessThanOrEqualTo(optimum + 1e-8), $"seed {seed}");
            Assert.That(optimum, Is.LessThanOrEqualTo(c.NetworkObjective + 1e-8), $"seed {seed}");
            Assert.That(d.GloballyOptimal, Is.False, $"seed {seed}: a random network");
        }
    }

    [Test]
    public void HingeRecoveredNetworkIsOptimalAndTheKktCertificateAgrees()
    {
        var (x, y) = Data(9, n: 14, labels: true);
        var s = Pipeline.Solve(x, y, LossKind.Hinge, 0.1, BiasMode.Regularized);
        var (c, d) = Certify(s, Recovered(s));
        Assert.Multiple(() =>
        {
            Assert.That(d.Basis, Is.EqualTo("objective_comparison"));
            Assert.That(d.GloballyOptimal, Is.True, d.Statement);
            Assert.That(c.KktHolds, Is.True, $"with the convex dual on the kinks: rho/beta {c.RhoOverBeta}, slackness excess {c.SlacknessExcess}, balance {c.BalanceExcess}");
            Assert.That(d.TestsAgree, Is.True);
        });
        var worse = Map(Recovered(s), (n, _) => n with { OutputWeight = 1.3 * n.OutputWeight });
        var (c2, d2) = Certify(s, worse);
        Assert.That(d2.GloballyOptimal, Is.False, d2.Statement);
        Assert.That(c2.KktHolds, Is.False);
    }

    [Test]
    public void SampledPatternsGiveNoGlobalVerdict()
    {
        var (x, y) = Data(10);
        var s = Pipeline.Solve(x, y, LossKind.Squared, 0.1, BiasMode.Regularized,
            new SampledPatterns(6, 3, global::ConicDsl.Dsl.Text.SourceSpan.None("m.cnn")));
        var (c, d) = Certify(s, Recovered(s));
        Assert.Multiple(() =>
        {
            Assert.That(c.PatternsExact, Is.False);
            Assert.That(d.GloballyOptimal, Is.Null, "never 'globally optimal' over sampled cones");
            Assert.That(d.OptimalOverPatterns, Is.True, d.Statement);
            Assert.That(c.CertifiedLowerBound, Is.Null);
            Assert.That(d.Statement, Does.Contain("sampled"));
        });
        // A unit in none of the 6 sampled cones puts the network outside the sampled program's class: no answer at all.
        var rng = new Random(10);
        var outside = Enumerable.Range(0, 50).Select(_ => new TwoLayerReluNetwork(s.Compiled.Data.FeatureNames, BiasMode.Regularized,
                ImmutableArray.Create(new Neuron(ImmutableArray.Create(2 * rng.NextDouble() - 1, 2 * rng.NextDouble() - 1), 2 * rng.NextDouble() - 1, 0.5)), 0))
            .Select(n => Certify(s, n)).First(r => !r.Certificate.Neurons[0].InPatternSet);
        Assert.That(outside.Decision.OptimalOverPatterns, Is.Null);
        Assert.That(outside.Decision.GloballyOptimal, Is.Null);
        Assert.That(outside.Decision.Statement, Does.StartWith("undecided: some units lie outside the sampled patterns' cones"));
    }

    [Test]
    public void MatchesTheNumbersOfT12CertFormulasOnItsData()
    {
        // Data: /work/shared/docs/verify/t12_cert.py (numpy default_rng(0), n = 10, d = 3, β = 0.1). Reference numbers:
        // t12_network.py next to this file — t12's formulas (projections over the 92 regions that scipy LPs enumerate,
        // by SciPy's NNLS on the polar cone, cross-checked with t12's cvxopt QP wherever cvxopt reports 'optimal')
        // applied to the fixed network below; math.md §2.2 gives the optimum 0.7215523.
        double[][] x =
        {
            new[] { 0.1257302210933933, -0.1321048632913019, 0.6404226504432821 },
            new[] { 0.10490011715303971, -0.535669373161111, 0.36159505490948474 },
            new[] { 1.3040000451301372, 0.9470809631292422, -0.7037352358069926 },
            new[] { -1.2654214710460525, -0.6232744625373522, 0.0413259793472436 },
            new[] { -2.3250307746388343, -0.21879166393254573, -1.2459109472530652 },
            new[] { -0.7322673547034516, -0.5442589828573099, -0.31630015636915454 },
            new[] { 0.4116305363741328, 1.0425133694426776, -0.12853466294403426 },
            new[] { 1.3664634705496859, -0.6651946734866135, 0.3515100700930197 },
            new[] { 0.9034701816518086, 0.09401229776087457, -0.7434992493538084 },
            new[] { -0.9217253762584194, -0.45772582566733916, 0.2201951234700494 },
        };
        double[] y = { -1.009618183538736, -0.20917557487171307, -0.15922500991447772, 0.5408455846858077, 0.2146591225063409,
            0.3553727090399214, -0.6538286094183394, -0.12961363369276946, 0.7839754700613295, 1.4934311452207607 };
        var s = Pipeline.Solve(x, y, LossKind.Squared, 0.1, BiasMode.None);
        var network = new TwoLayerReluNetwork(s.Compiled.Data.FeatureNames, BiasMode.None, ImmutableArray.Create(
            new Neuron(ImmutableArray.Create(0.5, -0.3, 0.2), 0, 0.6),
            new Neuron(ImmutableArray.Create(-0.4, 0.1, 0.5), 0, -0.45)), 0);
        var (c, d) = Certify(s, network);
        Assert.Multiple(() =>
        {
            Assert.That(c.Patterns, Is.EqualTo(92));
            Assert.That(s.Result.PrimalObjective, Is.EqualTo(0.721552312110004).Within(1e-7));
            Assert.That(c.NetworkObjective, Is.EqualTo(3.1964523849923654).Within(1e-12));
            Assert.That(c.RhoOverBeta, Is.EqualTo(38.761354205048136).Within(1e-6));
            Assert.That(c.CertifiedLowerBound!.Value, Is.EqualTo(0.13476566273893448).Within(1e-8));
            Assert.That(d.GloballyOptimal, Is.False);
        });
        var optimal = Certify(s, Recovered(s));
        Assert.That(optimal.Decision.GloballyOptimal, Is.True, optimal.Decision.Statement);
    }
}
