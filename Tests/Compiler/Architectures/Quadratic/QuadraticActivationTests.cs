using ConicDsl.Backends;
using ConicDsl.Backends.Csdp;
using ConicDsl.Backends.Cvxopt;
using ConicDsl.Compiler.Architectures.Quadratic;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Architectures.Quadratic;

/// <summary>The quadratic-activation SDP (math.md §8) against independent routes: the verify script's own CVXOPT
/// formulation, our CVXOPT and CSDP backends, non-convex proximal-gradient training, a closed form and an invariance.</summary>
public class QuadraticActivationTests
{
    private static Pipeline.Solved Solve(double[][] x, double[] y, double a, double b, double c, double beta,
        BiasMode bias = BiasMode.None, LossKind loss = LossKind.Squared, int width = 8) =>
        Pipeline.Solve(x, y, (m, d) => Models.Quadratic(m, d, "y", a, b, c, loss, beta, bias, width));

    private static (double[][] X, double[] Y) Data(int seed, int n, int d)
    {
        var rng = new Random(seed);
        var x = Pipeline.RandomPoints(rng, n, d, 1.5);
        var y = x.Select(r => r[0] * r[^1] - 0.5 * r[0] + 0.2 * (2 * rng.NextDouble() - 1)).ToArray();
        return (x, y);
    }

    private static void AssertRecoveredEqualsConvex(Pipeline.Solved solved)
    {
        double optimum = solved.Result.PrimalObjective;
        Assert.That(solved.NonConvexObjective, Is.EqualTo(optimum).Within(1e-6 * Math.Abs(optimum)), "recovered network, run forward");
        var network = (QuadraticNetwork)solved.Recovery.Network;
        foreach (var neuron in network.Neurons)
            Assert.That(Math.Sqrt(neuron.Weights.Sum(w => w * w) + neuron.Bias * neuron.Bias), Is.EqualTo(1).Within(1e-12), "unit norm");
        int k = solved.Compiled.Data.Features + (network.Bias == BiasMode.None ? 1 : 2);
        Assert.That(network.Units, Is.LessThanOrEqualTo(2 * k), "at most 2(d+1) neurons (math.md §8.2)");
    }

    /// <summary>Data of /work/shared/docs/verify/t6_quad.py (numpy default_rng(6), printed with repr); its CVXOPT solve of
    /// its own formulation of SDP-QUAD gives 3.905009422712644 (math.md §8.2 quotes 3.9050094).</summary>
    [Test]
    public void VerifyScriptInstanceReproducesItsOptimum()
    {
        double[][] x =
        {
            new[] { 1.0531157544867582, 1.776491303816993 }, new[] { -2.5532918384570134, -0.13796506137840808 },
            new[] { 1.0137194090532766, 1.3521418253819912 }, new[] { 0.6537883844162056, 1.4971178525878377 },
            new[] { 0.289957591366348, 0.5512671317684119 }, new[] { 0.17873768757050404, -1.073858701475369 },
            new[] { -0.8466289662382713, 0.37958424600772894 }, new[] { -0.5801952016057006, 1.2715513764583872 },
            new[] { 1.2923865934033114, 1.7987863384903786 }, new[] { -0.02607383754457069, 1.3837097563119558 },
            new[] { -0.9058431408224087, -0.8163147296909071 }, new[] { 0.08130305629403443, 0.2814308365081419 },
        };
        double[] y =
        {
            -1.5989883258714874, -1.730724189576384, 0.3550784031579345, -0.8621880728268713, 1.2083570546510172,
            0.39454619699169213, 0.30718460927779667, 0.2084426281897281, 0.8954750922624016, -0.1530461454323981,
            1.085630989593339, -0.5259143195557643,
        };
        const double reference = 3.905009422712644;
        var solved = Solve(x, y, 1, 0.5, 0.2, 0.1);
        TestContext.Out.WriteLine($"native {solved.Result.PrimalObjective:R}, recovered {solved.NonConvexObjective:R}, {solved.Recovery.Network.Units} neurons");
        Assert.That(solved.Compiled.Lowered.Claim, Is.EqualTo(ProgramClaim.Exact));
        Assert.That(solved.Result.PrimalObjective, Is.EqualTo(reference).Within(1e-6 * reference), "the script's optimum");
        AssertRecoveredEqualsConvex(solved);
        Assert.That(solved.Recovery.Network.Units, Is.EqualTo(3), "the script's decomposition also gives 3 neurons (math.md §8.2)");

        var cvxopt = new CvxoptBackend().Solve(solved.Compiled.Lowered.Program, new SolverSettings());
        Assert.That(cvxopt.Status, Is.EqualTo(SolveStatus.Optimal), cvxopt.Message);
        Assert.That(cvxopt.PrimalObjective, Is.EqualTo(reference).Within(1e-6 * reference), "our cvxopt backend on our program");
    }

    /// <summary>Seeded data with a bias; reference: proximal gradient from 20 starts (Tests/Support), which can never
    /// beat the global optimum and, with 8 neurons, comes within 1e-3 of it.</summary>
    [Test]
    public void RecoveredNetworkAttainsTheOptimumAndProximalGradientNeverBeatsIt()
    {
        var (x, y) = Data(21, 14, 2);
        const double a = 1, b = 0.5, c = 0.2, beta = 0.05;
        var solved = Solve(x, y, a, b, c, beta, BiasMode.Regularized);
        double optimum = solved.Result.PrimalObjective;
        AssertRecoveredEqualsConvex(solved);
        var starts = QuadraticActivationTrainer.Objectives(x, y, a, b, c, bias: true, hinge: false, beta, new QuadraticActivationTrainer.Options(LearningRate: 0.01, Steps: 30000));
        TestContext.Out.WriteLine($"convex {optimum:R}, recovered {solved.NonConvexObjective:R} ({solved.Recovery.Network.Units} neurons); " +
                                  $"prox-gradient best {starts.Min():R}, worst {starts.Max():R} of {starts.Length}");
        Assert.That(starts.Min(), Is.GreaterThanOrEqualTo(optimum - 1e-6 * optimum), "no start beats the global optimum");
        Assert.That(starts.Min(), Is.LessThanOrEqualTo(optimum * (1 + 1e-3)), "the best start comes close");
    }

    /// <summary>The hinge loss leaves no quadratic objective, so CSDP takes the program; it and CVXOPT must agree with
    /// the native IPM, and each solver's point must recover to its own objective.</summary>
    [Test]
    public void HingeLossNativeCvxoptAndCsdpAgree()
    {
        var (x, raw) = Data(5, 12, 2);
        var y = raw.Select(v => v >= 0 ? 1.0 : -1.0).ToArray();
        var solved = Solve(x, y, 1, 0, 0.5, 0.1, BiasMode.Regularized, LossKind.Hinge);
        double native = solved.Result.PrimalObjective;
        AssertRecoveredEqualsConvex(solved);
        var recovery = solved.Compiled.Lowered.Recovery;
        foreach (ISolverBackend backend in new ISolverBackend[] { new CvxoptBackend(), new CsdpBackend() })
        {
            var result = backend.Solve(solved.Compiled.Lowered.Program, new SolverSettings { Tolerance = 1e-7 });
            TestContext.Out.WriteLine($"{result.Backend} {result.Status} {result.PrimalObjective:R} (native {native:R})");
            Assert.That(result.Status, Is.EqualTo(SolveStatus.Optimal), result.Message);
            Assert.That(result.PrimalObjective, Is.EqualTo(native).Within(1e-6 * (1 + native)), result.Backend);
            double recovered = recovery.Objective(recovery.Recover(result.X.AsSpan()).Network);
            Assert.That(recovered, Is.EqualTo(native).Within(1e-5 * (1 + native)), $"{result.Backend} point, recovered");
        }
        var starts = QuadraticActivationTrainer.Objectives(x, y, 1, 0, 0.5, bias: true, hinge: true, 0.1, new QuadraticActivationTrainer.Options(Restarts: 10));
        TestContext.Out.WriteLine($"subgradient best {starts.Min():R} of {starts.Length}");
        Assert.That(starts.Min(), Is.GreaterThanOrEqualTo(native - 1e-6 * native), "no start beats the global optimum");
    }

    /// <summary>The squared loss goes through the QR-reduced program (n &gt; k(k+1)/2); Huber with δ = 10, above every residual of the optimum,
    /// is the same function of ŷ but keeps all n prediction rows: a second program with the same optimum.</summary>
    [Test]
    public void ReducedSquaredProgramMatchesTheUnreducedHuberProgram()
    {
        var (x, y) = Data(29, 30, 2);
        var squared = Solve(x, y, 1, 0.5, 0.2, 0.05, BiasMode.Regularized);
        var huber = Pipeline.Solve(x, y, (m, d) => Models.Quadratic(m, d, "y", 1, 0.5, 0.2, LossKind.Huber, 0.05, BiasMode.Regularized) with
        {
            Loss = new LossSpec(LossKind.Huber, ConicDsl.Dsl.Text.SourceSpan.None(m), 10),
        });
        Assert.That(squared.Compiled.Lowered.Program.Constraints, Is.LessThan(huber.Compiled.Lowered.Program.Constraints - 20), "reduced");
        Assert.That(squared.Result.PrimalObjective, Is.EqualTo(huber.Result.PrimalObjective).Within(1e-7 * huber.Result.PrimalObjective));
        AssertRecoveredEqualsConvex(squared);
    }

    [TestCase(LossKind.Absolute)]
    [TestCase(LossKind.Huber)]
    public void RobustLossesRecoverToTheConvexOptimum(LossKind loss)
    {
        var (x, y) = Data(8, 12, 3);
        var solved = Solve(x, y, -0.7, 0.3, 0.1, 0.2, BiasMode.None, loss);
        AssertRecoveredEqualsConvex(solved);
    }

    /// <summary>Closed form: the zero network is optimal once β ≥ max over unit u of |Σ_s y_s σ(x_sᵀu)| (the
    /// derivative of ½‖f − y‖² at f = 0 in α); with σ(t) = t² and no bias that maximum is the largest |eigenvalue| of
    /// Σ_s y_s x_s x_sᵀ, so β above it gives ½‖y‖² exactly.</summary>
    [Test]
    public void BetaAboveTheDualThresholdGivesTheZeroNetwork()
    {
        var (x, y) = Data(13, 10, 2);
        double s00 = 0, s01 = 0, s11 = 0;
        for (int k = 0; k < x.Length; k++)
        {
            s00 += y[k] * x[k][0] * x[k][0];
            s01 += y[k] * x[k][0] * x[k][1];
            s11 += y[k] * x[k][1] * x[k][1];
        }
        double mean = 0.5 * (s00 + s11), radius = Math.Sqrt(0.25 * (s00 - s11) * (s00 - s11) + s01 * s01);
        double threshold = Math.Max(Math.Abs(mean + radius), Math.Abs(mean - radius));
        double atZero = 0.5 * y.Sum(v => v * v);
        var above = Solve(x, y, 1, 0, 0, 1.01 * threshold);
        Assert.That(above.Result.PrimalObjective, Is.EqualTo(atZero).Within(1e-7 * atZero));
        Assert.That(above.NonConvexObjective, Is.EqualTo(atZero).Within(1e-7 * atZero));
        var below = Solve(x, y, 1, 0, 0, 0.9 * threshold);
        Assert.That(below.Result.PrimalObjective, Is.LessThan(atZero * (1 - 1e-6)), "below the threshold a neuron pays off");
    }

    /// <summary>Invariance (math.md §14.5): rotating every input by one orthogonal Q maps u to Qu, so the optimum is
    /// unchanged; the rotated instance is a different program.</summary>
    [Test]
    public void OrthogonalChangeOfInputCoordinatesLeavesTheOptimumUnchanged()
    {
        var (x, y) = Data(17, 12, 2);
        double angle = 0.7, cos = Math.Cos(angle), sin = Math.Sin(angle);
        var rotated = x.Select(r => new[] { cos * r[0] - sin * r[1], sin * r[0] + cos * r[1] }).ToArray();
        var plain = Solve(x, y, 1, 0.5, 0.2, 0.1);
        var turned = Solve(rotated, y, 1, 0.5, 0.2, 0.1);
        Assert.That(turned.Result.PrimalObjective, Is.EqualTo(plain.Result.PrimalObjective).Within(1e-7 * plain.Result.PrimalObjective));
    }
}
