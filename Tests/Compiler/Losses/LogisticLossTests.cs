using ConicDsl.Backends;
using ConicDsl.Backends.Native;
using ConicDsl.Backends.Scs;
using ConicDsl.Compiler.Losses;
using ConicDsl.Conic;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Text;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Losses;

/// <summary><c>loss logistic</c> (math.md §2.4, exponential cone) against closed forms, non-convex training and
/// the refusals of the backends without an exponential cone.</summary>
public class LogisticLossTests
{
    private static readonly ExactPatterns Exact = new(ExactPatterns.DefaultLimit, SourceSpan.None("m.cnn"));
    private static readonly SolverSettings Scs = new() { Tolerance = 1e-8 };

    private static double Reference(double margin) => Math.Log(1 + Math.Exp(-margin));

    [Test]
    public void DirectEvaluationIsTheNaturalLogOfOnePlusExp()
    {
        var loss = new LogisticLoss();
        Assert.That(loss.Evaluate(new[] { 1.0, -2.0, 0.0 }, new[] { 1.0, 1.0, -1.0 }),
            Is.EqualTo(Reference(1) + Reference(-2) + Math.Log(2)).Within(1e-15));
        Assert.That(LogisticLoss.Softplus(800), Is.EqualTo(800), "no overflow");
        Assert.That(LogisticLoss.Softplus(-800), Is.EqualTo(0).Within(1e-300));
        Assert.That(LogisticLoss.Softplus(-40), Is.EqualTo(Math.Exp(-40)).Within(1e-30), "log1p-like accuracy far left");
        Assert.That(loss.TrainError(new[] { 0.3, -0.1, 0.0 }, new[] { 1.0, 1.0, -1.0 }), Is.EqualTo(2.0 / 3), "ŷ = 0 counts as +1");
    }

    /// <summary>With ŷ pinned by equalities, the emitted program's optimum over t, u, v is L(ŷ) (closed form); margins
    /// from −3 to 4 cover both sides of the softplus kink region.</summary>
    [Test]
    public void EmittedLossMinimisedOverItsAuxiliaryVariablesIsTheLoss()
    {
        var point = new[] { 0.3, -2.0, 1.7, 0.05, -0.4, 4.0 };
        var y = new[] { 1.0, 1.0, -1.0, -1.0, -1.0, 1.0 };
        var b = new ConicProgramBuilder();
        var yhat = b.AddVariables("yhat", point.Length);
        var pin = b.AddRows("pin", ConeKind.Zero, point.Length);
        for (int k = 0; k < point.Length; k++)
        {
            pin.Add(k, yhat.Offset + k, 1.0);
            pin.SetConstant(k, -point[k]);
        }
        new LogisticLoss().Emit(b, yhat, y);
        var program = b.Build();
        Assert.That(program.Cones.Exponential, Is.EqualTo(2 * point.Length));
        double expected = point.Select((p, k) => Reference(y[k] * p)).Sum();
        foreach (var backend in new ISolverBackend[] { new NativeBackend(), new ScsBackend() })
        {
            var result = backend.Solve(program, Scs);
            Assert.That(result.Status, Is.EqualTo(SolveStatus.Optimal), $"{backend.Name}: {result.Message}");
            Assert.That(result.PrimalObjective, Is.EqualTo(expected).Within(1e-6), backend.Name);
        }
    }

    /// <summary>
    /// Two samples x = 1 (y = +1) and x = −1 (y = −1), no bias: they have disjoint sign patterns, and after balancing each
    /// costs β|ŷ_k|, so the optimum is 2·min_{ŷ ≥ 0} log(1 + e^(−ŷ)) + βŷ. Worked by hand: for β &lt; ½ the minimiser is
    /// ŷ = log(1/β − 1), value −log(1 − β) + β·log((1 − β)/β); for β ≥ ½ it is ŷ = 0, value log 2.
    /// </summary>
    [TestCase(0.2, "native")]
    [TestCase(0.05, "native")]
    [TestCase(0.7, "native")]
    [TestCase(0.2, "scs")]
    [TestCase(0.7, "scs")]
    public void OneSamplePerPatternOptimumIsTheHandComputedValue(double beta, string backend)
    {
        double each = beta < 0.5 ? -Math.Log(1 - beta) + beta * Math.Log((1 - beta) / beta) : Math.Log(2);
        var solved = Pipeline.Solve(new[] { new[] { 1.0 }, new[] { -1.0 } }, new[] { 1.0, -1.0 },
            (m, d) => Models.TwoLayer(m, d, "y", LossKind.Logistic, beta, BiasMode.None, 4, Exact),
            backend == "scs" ? new ScsBackend() : new NativeBackend(), Scs);
        Assert.That(solved.Result.PrimalObjective, Is.EqualTo(2 * each).Within(1e-6));
        Assert.That(solved.NonConvexObjective, Is.EqualTo(2 * each).Within(1e-6), "recovered network");
    }

    /// <summary>
    /// xor-like data (two clusters per class), bias, exact patterns, solved by native. Independent routes: SCS (a
    /// first-order method sharing nothing with the IPM) at eps 1e-8 agrees to 1e-6 relative; full-batch Adam on the
    /// non-convex network from 20 random starts (Tests/Support/NonConvexTrainer, no shared code) never beats the
    /// convex optimum (beyond the solvers' accuracy), and with a generous width its best run comes within 1e-3.
    /// </summary>
    [Test]
    public void NonConvexTrainingNeverBeatsTheConvexOptimumAndComesClose()
    {
        var rng = new Random(31);
        var centres = new[] { (1.0, 1.0, 1.0), (-1.0, -1.0, 1.0), (1.0, -1.0, -1.0), (-1.0, 1.0, -1.0) };
        const int n = 6; // 32 exact patterns: SCS reaches 1e-8 in seconds (8 points, 58 patterns, take it ~65 000 iterations)
        var x = new double[n][];
        var y = new double[n];
        for (int k = 0; k < n; k++)
        {
            var (cx, cy, label) = centres[k % 4];
            x[k] = new[] { cx + 0.3 * (2 * rng.NextDouble() - 1), cy + 0.3 * (2 * rng.NextDouble() - 1) };
            y[k] = label;
        }
        const double beta = 0.05;
        var solved = Pipeline.Solve(x, y,
            (m, d) => Models.TwoLayer(m, d, "y", LossKind.Logistic, beta, BiasMode.Regularized, 12, Exact));
        double optimum = solved.Result.PrimalObjective;
        var scs = new ScsBackend().Solve(solved.Compiled.Lowered.Program, Scs);
        Assert.That(scs.Status, Is.EqualTo(SolveStatus.Optimal), scs.Message);
        Assert.That(scs.PrimalObjective, Is.EqualTo(optimum).Within(1e-6 * (1 + optimum)), "scs vs native");
        Assert.That(solved.NonConvexObjective, Is.EqualTo(optimum).Within(1e-6 * (1 + optimum)), "recovered network");
        Assert.That(solved.Recovery.Network.Predict(solved.Compiled.Data).Select((f, k) => f * y[k] > 0), Is.All.True, "xor is separated");

        var best = NonConvexTrainer.BestObjective(x, y, LossKind.Logistic, beta, BiasMode.Regularized,
            new NonConvexTrainer.Options(Width: 12, Restarts: 20, Steps: 8000));
        TestContext.Out.WriteLine($"native {optimum:R} ({solved.Result.Iterations} iterations, {solved.Result.SolveTime.TotalSeconds:F1} s), " +
            $"scs {scs.PrimalObjective:R} ({scs.Iterations} iterations, {scs.SolveTime.TotalSeconds:F1} s), best of 20 Adam runs {best:R}");
        Assert.That(best, Is.GreaterThanOrEqualTo(optimum - 1e-6 * (1 + optimum)), "no network beats the global optimum");
        Assert.That(best, Is.LessThanOrEqualTo(optimum + 1e-3), "the convex optimum is reached");
    }

    /// <summary>
    /// Regularized logistic regression min_w Σ log(1 + exp(−y_k x_kᵀw)) + (λ/2)‖w‖² (a linear model: ŷ = Xw pinned by
    /// equalities, the loss emitted by LogisticLoss). Independent route: Newton's method on the smooth objective
    /// (closed-form gradient and Hessian, written here), which converges quadratically to machine precision.
    /// </summary>
    [TestCase(1, "native")]
    [TestCase(2, "native")]
    [TestCase(3, "native")]
    [TestCase(1, "scs")]
    public void LogisticRegressionMatchesNewtonsMethod(int seed, string backendName)
    {
        var rng = new Random(seed);
        int n = 15, d = 3;
        const double lambda = 0.1;
        var x = Pipeline.RandomPoints(rng, n, d, 2.0);
        var y = x.Select(r => r[0] - 0.5 * r[1] + 0.3 * r[2] + 0.4 * (2 * rng.NextDouble() - 1) >= 0 ? 1.0 : -1.0).ToArray();

        var w = new double[d];
        for (int it = 0; it < 50; it++)
        {
            var g = new double[d];
            var h = new double[d, d];
            for (int j = 0; j < d; j++)
            {
                g[j] = lambda * w[j];
                h[j, j] = lambda;
            }
            for (int k = 0; k < n; k++)
            {
                double m = y[k] * x[k].Select((v, j) => v * w[j]).Sum();
                double p = 1 / (1 + Math.Exp(m)); // σ(−m)
                for (int i = 0; i < d; i++)
                {
                    g[i] -= p * y[k] * x[k][i];
                    for (int j = 0; j < d; j++) h[i, j] += p * (1 - p) * x[k][i] * x[k][j];
                }
            }
            var step = SolveDense(h, g);
            for (int j = 0; j < d; j++) w[j] -= step[j];
            if (step.Max(Math.Abs) < 1e-14) break;
        }
        double expected = 0.5 * lambda * w.Sum(v => v * v);
        for (int k = 0; k < n; k++) expected += Reference(y[k] * x[k].Select((v, j) => v * w[j]).Sum());

        var b = new ConicProgramBuilder();
        var wv = b.AddVariables("w", d);
        var yhat = b.AddVariables("yhat", n);
        var pin = b.AddRows("yhat = Xw", ConeKind.Zero, n);
        for (int k = 0; k < n; k++)
        {
            pin.Add(k, yhat.Offset + k, 1);
            for (int j = 0; j < d; j++) pin.Add(k, wv.Offset + j, -x[k][j]);
        }
        for (int j = 0; j < d; j++) b.AddQuadraticObjective(wv.Offset + j, wv.Offset + j, lambda);
        new LogisticLoss().Emit(b, yhat, y);
        ISolverBackend backend = backendName == "scs" ? new ScsBackend() : new NativeBackend();
        var result = backend.Solve(b.Build(), Scs);
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Optimal), result.Message);
        Assert.That(result.PrimalObjective, Is.EqualTo(expected).Within(1e-7 * (1 + expected)));
        for (int j = 0; j < d; j++) Assert.That(result.X[wv.Offset + j], Is.EqualTo(w[j]).Within(1e-4), $"w[{j}]");
    }

    private static double[] SolveDense(double[,] a, double[] rhs)
    {
        int n = rhs.Length;
        var m = (double[,])a.Clone();
        var v = (double[])rhs.Clone();
        for (int c = 0; c < n; c++)
        {
            for (int r = c + 1; r < n; r++)
            {
                double f = m[r, c] / m[c, c];
                for (int j = c; j < n; j++) m[r, j] -= f * m[c, j];
                v[r] -= f * v[c];
            }
        }
        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double t = v[r];
            for (int j = r + 1; j < n; j++) t -= m[r, j] * x[j];
            x[r] = t / m[r, r];
        }
        return x;
    }

    /// <summary>
    /// The loss goes through ILoss, so every family takes it: ReLU, gated ReLU and a two-layer CNN (sum pooling).
    /// The zero network costs L(0) = n·log 2 (closed form), an upper bound the optimum must beat on separable data,
    /// and the recovered network's objective, recomputed from its weights, equals the convex optimum.
    /// </summary>
    [TestCase("relu")]
    [TestCase("gated")]
    [TestCase("cnn")]
    public void EveryFamilyTakesTheLoss(string family)
    {
        // Solved by native; SCS must agree.
        var rng = new Random(23);
        var x = Pipeline.RandomPoints(rng, 5, 4);
        var y = x.Select(r => r[0] - r[1] + 0.5 * r[2] >= 0 ? 1.0 : -1.0).ToArray();
        if (y.Distinct().Count() < 2) y[0] = -y[0];
        Model Spec(string m, string d, double beta) => family switch
        {
            "relu" => Models.TwoLayer(m, d, "y", LossKind.Logistic, beta, BiasMode.Regularized, 8, Exact),
            "gated" => Models.GatedRelu(m, d, "y", LossKind.Logistic, beta, BiasMode.Regularized, 8, Exact),
            _ => Models.WithNetwork(m, d, "y", Models.Network(
                    new InputSpec(InputShape.Signal, System.Collections.Immutable.ImmutableArray.Create(4), 1, BiasMode.None, SourceSpan.None(m)),
                    new TwoLayerCnnArchitecture(
                        new ConvLayerSpec(ConvKind.Shared, 4, System.Collections.Immutable.ImmutableArray.Create(2), 1, false, true, SourceSpan.None(m)),
                        new PoolLayerSpec(PoolKind.Sum, SourceSpan.None(m)))),
                LossKind.Logistic, beta, Exact),
        };
        var solved = Pipeline.Solve(x, y, (m, d) => Spec(m, d, 0.05));
        double optimum = solved.Result.PrimalObjective;
        var scs = new ScsBackend().Solve(solved.Compiled.Lowered.Program, Scs);
        Assert.That(scs.Status, Is.EqualTo(SolveStatus.Optimal), scs.Message);
        Assert.That(scs.PrimalObjective, Is.EqualTo(optimum).Within(1e-6 * (1 + optimum)), "scs vs native");
        TestContext.Out.WriteLine($"{family}: native {optimum:R} ({solved.Result.Iterations} iterations), scs {scs.PrimalObjective:R} ({scs.Iterations} iterations)");
        Assert.That(optimum, Is.LessThan(x.Length * Math.Log(2) - 0.1));
        Assert.That(solved.NonConvexObjective, Is.EqualTo(optimum).Within(1e-6 * (1 + optimum)), "recovered network");
    }

    /// <summary>The example compiles to a program with exponential cones; a backend without them is refused before
    /// solving with one line that names scs, and exit code 2 (the model asks for something the backend cannot do).
    /// (native accepts them.)</summary>
    [TestCase("cvxopt")]
    [TestCase("csdp")]
    [TestCase("ortools")]
    public void ExampleIsRefusedByBackendsWithoutAnExponentialCone(string backend)
    {
        var r = CliRunner.Run("solve", CliRunner.Example("xor_logistic.cnn"), "--backend", backend);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        var line = r.Error.Trim();
        Assert.That(line, Does.Not.Contain("\n"));
        Assert.That(line, Does.StartWith($"error: backend '{backend}' cannot solve this program:").And.Contain("exponential").And.Contain("scs"));
    }

    /// <summary>The example end to end with the native backend: optimal, the recovered network's objective (recomputed
    /// by running it forward) equals the convex optimum, and the xor clusters are separated.</summary>
    [Test]
    public void ExampleSolvesWithTheNativeBackend()
    {
        var r = CliRunner.Run("solve", CliRunner.Example("xor_logistic.cnn"), "--backend", "native", "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        var json = r.Json;
        Assert.That((string?)json["status"], Is.EqualTo("optimal"));
        double objective = (double)json["objective"]!, network = (double)json["nonconvex_objective"]!;
        Assert.That(network, Is.EqualTo(objective).Within(1e-6 * objective));
        Assert.That((double)json["train_error"]!, Is.EqualTo(0));
        Assert.That((string?)json["train_error_kind"], Is.EqualTo("misclassification rate"));
    }
}
