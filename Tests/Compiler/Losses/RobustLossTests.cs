using ConicDsl.Backends;
using ConicDsl.Backends.Cvxopt;
using ConicDsl.Backends.Native;
using ConicDsl.Compiler.Losses;
using ConicDsl.Conic;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Text;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Losses;

/// <summary><c>loss absolute</c> and <c>loss huber [delta D]</c> (math.md §2.4) against closed forms and a second backend.</summary>
public class RobustLossTests
{
    private static readonly ExactPatterns Exact = new(ExactPatterns.DefaultLimit, SourceSpan.None("m.cnn"));

    [Test]
    public void DirectEvaluationFollowsTheDefinitions()
    {
        Assert.That(new AbsoluteLoss().Evaluate(new[] { 1.0, -2.0, 0.5 }, new[] { 0.0, 1.0, 0.5 }), Is.EqualTo(1 + 3 + 0));
        var huber = new HuberLoss(1.0);
        // r = 0.5 → ½·0.25; r = −3 → 1·(3 − ½); r = 1 (the kink) → ½.
        Assert.That(huber.Evaluate(new[] { 0.5, -3.0, 1.0 }, new[] { 0.0, 0.0, 0.0 }), Is.EqualTo(0.125 + 2.5 + 0.5).Within(1e-15));
        Assert.That(HuberLoss.Huber(2.0, 0.5), Is.EqualTo(0.5 * (2 - 0.25)));
        Assert.That(LossFactory.Create(new LossSpec(LossKind.Huber, SourceSpan.None("m"))), Is.TypeOf<HuberLoss>()
            .And.Property(nameof(HuberLoss.Delta)).EqualTo(1.0), "delta defaults to 1");
    }

    /// <summary>With ŷ pinned by equalities, the emitted program's optimum over its auxiliary variables is L(ŷ).</summary>
    [TestCase(LossKind.Absolute, 1.0)]
    [TestCase(LossKind.Huber, 1.0)]
    [TestCase(LossKind.Huber, 0.3)]
    public void EmittedLossMinimisedOverItsAuxiliaryVariablesIsTheLoss(LossKind kind, double delta)
    {
        var point = new[] { 0.3, -2.0, 1.7, 0.05, -0.4 };
        var y = new[] { 0.0, 0.5, 1.0, 0.0, 2.0 };
        var loss = LossFactory.Create(kind, delta);
        var b = new ConicProgramBuilder();
        var yhat = b.AddVariables("yhat", point.Length);
        var pin = b.AddRows("pin", ConeKind.Zero, point.Length);
        for (int k = 0; k < point.Length; k++)
        {
            pin.Add(k, yhat.Offset + k, 1.0);
            pin.SetConstant(k, -point[k]);
        }
        loss.Emit(b, yhat, y);
        var program = b.Build();
        foreach (var backend in new ISolverBackend[] { new NativeBackend(), new CvxoptBackend() })
        {
            var result = backend.Solve(program, new SolverSettings());
            Assert.That(result.Status, Is.EqualTo(SolveStatus.Optimal), result.Message);
            Assert.That(result.PrimalObjective, Is.EqualTo(loss.Evaluate(point, y)).Within(1e-7), result.Backend);
        }
    }

    /// <summary>One sample that matters, x = 1, y = 2, no bias: the network is ŷ = a·max(0, u) with cost β|ŷ| after balancing, so
    /// the optimum is min_ŷ L(ŷ − 2) + β|ŷ| — worked by hand.</summary>
    [TestCase(LossKind.Absolute, 1.0, 0.5, 1.0)]      // ŷ = 2: 0 + 0.5·2
    [TestCase(LossKind.Huber, 1.0, 0.5, 0.875)]       // ŷ = 2 − β = 1.5: ½·0.25 + 0.5·1.5
    [TestCase(LossKind.Huber, 0.25, 0.5, 0.46875)]    // β > δ: ŷ = 0, huber_¼(2) = ¼(2 − ⅛)
    public void OneSampleOptimumIsTheHandComputedValue(LossKind kind, double delta, double beta, double expected)
    {
        // A second sample x = −1, y = 0 is fitted for free by units of the other sign pattern (ŷ = 0 there).
        var solved = Pipeline.Solve(new[] { new[] { 1.0 }, new[] { -1.0 } }, new[] { 2.0, 0.0 }, (m, d) =>
            Models.TwoLayer(m, d, "y", kind, beta, BiasMode.None, 4, Exact) with { Loss = new LossSpec(kind, SourceSpan.None(m), delta) });
        Assert.That(solved.Result.PrimalObjective, Is.EqualTo(expected).Within(1e-7));
        Assert.That(solved.NonConvexObjective, Is.EqualTo(expected).Within(1e-7), "recovered network");
    }

    /// <summary>With β far above every dual bound the optimal network is zero, so the optimum is L(0) — for the ReLU
    /// and the gated ReLU families alike.</summary>
    [TestCase(LossKind.Absolute, 1.0, false)]
    [TestCase(LossKind.Huber, 1.0, false)]
    [TestCase(LossKind.Huber, 0.5, true)]
    [TestCase(LossKind.Absolute, 1.0, true)]
    public void HugeWeightDecayLeavesTheLossAtZeroPrediction(LossKind kind, double delta, bool gated)
    {
        var rng = new Random(17);
        var x = Pipeline.RandomPoints(rng, 9, 2);
        var y = x.Select(r => 3 * r[0] - r[1] + 0.5).ToArray();
        var spec = (Func<string, string, Model>)((m, d) =>
            (gated ? Models.GatedRelu(m, d, "y", kind, 1e4, BiasMode.Regularized, 8, Exact)
                   : Models.TwoLayer(m, d, "y", kind, 1e4, BiasMode.Regularized, 8, Exact))
            with { Loss = new LossSpec(kind, SourceSpan.None(m), delta) });
        var solved = Pipeline.Solve(x, y, spec);
        double atZero = LossFactory.Create(kind, delta).Evaluate(new double[y.Length], y);
        Assert.That(solved.Result.PrimalObjective, Is.EqualTo(atZero).Within(1e-6 * atZero));
        Assert.That(solved.NonConvexObjective, Is.EqualTo(atZero).Within(1e-6 * atZero));
    }

    /// <summary>A generic instance: recovered network = convex optimum, CVXOPT agrees, and the Huber optimum lies between
    /// the limits it interpolates (δ → ∞ is the squared loss; huber_δ ≤ ½r² always).</summary>
    [TestCase(LossKind.Absolute, 1.0)]
    [TestCase(LossKind.Huber, 1.0)]
    [TestCase(LossKind.Huber, 0.2)]
    public void ReluNetworkWithTheLossAgreesAcrossBackendsAndRecovery(LossKind kind, double delta)
    {
        var rng = new Random(5);
        var x = Pipeline.RandomPoints(rng, 10, 2);
        var y = x.Select(r => Math.Max(0, 2 * r[0] - r[1]) + (rng.NextDouble() < 0.2 ? 3.0 : 0.0)).ToArray();
        Model Spec(string m, string d) =>
            Models.TwoLayer(m, d, "y", kind, 0.05, BiasMode.Regularized, 16, Exact) with { Loss = new LossSpec(kind, SourceSpan.None(m), delta) };
        var solved = Pipeline.Solve(x, y, Spec);
        double optimum = solved.Result.PrimalObjective;
        Assert.That(solved.NonConvexObjective, Is.EqualTo(optimum).Within(1e-6 * optimum), "recovered network");
        // CVXOPT at its default 1e-8 stalls at the iteration limit on the absolute-loss program (no quadratic term;
        // objective already within 2e-7 of native's); at 1e-7 it stops optimal.
        var cvx = new CvxoptBackend().Solve(solved.Compiled.Lowered.Program, new SolverSettings { Tolerance = 1e-7 });
        TestContext.Out.WriteLine($"{kind} delta {delta}: native {optimum:R}, cvxopt {cvx.Status} {cvx.PrimalObjective:R}");
        Assert.That(cvx.Status, Is.EqualTo(SolveStatus.Optimal), cvx.Message);
        Assert.That(cvx.PrimalObjective, Is.EqualTo(optimum).Within(1e-6 * (1 + optimum)), "cvxopt vs native");
        if (kind == LossKind.Huber)
        {
            var squared = Pipeline.Solve(x, y, LossKind.Squared, 0.05, BiasMode.Regularized, Exact);
            Assert.That(optimum, Is.LessThanOrEqualTo(squared.Result.PrimalObjective + 1e-7), "huber_δ ≤ ½r² pointwise");
        }
    }

    /// <summary>The losses go through ILoss, so a convolutional family takes them unchanged: two-layer CNN with sum
    /// pooling over exact patterns, recovered network = convex optimum, and β huge gives L(0).</summary>
    [TestCase(LossKind.Absolute, 1.0)]
    [TestCase(LossKind.Huber, 0.5)]
    public void TwoLayerCnnTakesTheLossToo(LossKind kind, double delta)
    {
        var rng = new Random(23);
        var x = Pipeline.RandomPoints(rng, 8, 4);
        var y = x.Select(r => Math.Max(0, r[0] - r[1]) + Math.Max(0, r[2] - r[3]) - 0.2).ToArray();
        Model Cnn(string m, string d, double beta)
        {
            var input = new InputSpec(InputShape.Signal, System.Collections.Immutable.ImmutableArray.Create(4), 1, BiasMode.None, SourceSpan.None(m));
            var conv = new ConvLayerSpec(ConvKind.Shared, 4, System.Collections.Immutable.ImmutableArray.Create(2), 1, false, true, SourceSpan.None(m));
            var network = Models.Network(input, new TwoLayerCnnArchitecture(conv, new PoolLayerSpec(PoolKind.Sum, SourceSpan.None(m))));
            return Models.WithNetwork(m, d, "y", network, kind, beta, Exact) with { Loss = new LossSpec(kind, SourceSpan.None(m), delta) };
        }
        var solved = Pipeline.Solve(x, y, (m, d) => Cnn(m, d, 0.05));
        double optimum = solved.Result.PrimalObjective;
        Assert.That(solved.Compiled.Lowered.Architecture, Is.EqualTo("two_layer_cnn"));
        Assert.That(solved.NonConvexObjective, Is.EqualTo(optimum).Within(1e-6 * optimum));
        var zero = Pipeline.Solve(x, y, (m, d) => Cnn(m, d, 1e4));
        double atZero = LossFactory.Create(kind, delta).Evaluate(new double[y.Length], y);
        Assert.That(zero.Result.PrimalObjective, Is.EqualTo(atZero).Within(1e-6 * atZero));
        Assert.That(optimum, Is.LessThan(atZero));
    }
}
