using System.Diagnostics;
using ConicDsl.Compiler.FirstOrder;

namespace ConicDsl.Tests.Compiler.FirstOrder;

/// <summary>
/// Figures for docs/solver.md, not part of the suite (Explicit): run with
/// <c>dotnet test Tests -c Release --filter "FullyQualifiedName~FirstOrderBenchmark"</c> and read the output.
/// Random Gaussian data and gates, targets from a planted two-neuron ReLU network plus noise.
/// </summary>
[Explicit("benchmark: prints time, iterations, GFLOP/s and peak memory")]
public class FirstOrderBenchmark
{
    private static GroupLassoProblem Instance(int n, int d, int p, bool constrained, int seed = 1)
    {
        var rng = new Random(seed);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var x = new double[n * d];
        for (int e = 0; e < x.Length; e++) x[e] = Gauss();
        var gates = new double[d * p];
        for (int e = 0; e < gates.Length; e++) gates[e] = Gauss();
        var masks = new byte[n * p];
        var y = new double[n];
        for (int s = 0; s < n; s++)
        {
            for (int i = 0; i < p; i++)
            {
                double dot = 0;
                for (int l = 0; l < d; l++) dot += x[s * d + l] * gates[l * p + i];
                masks[s * p + i] = (byte)(dot >= 0 ? 1 : 0);
            }
            y[s] = Math.Max(0, x[s * d] + x[s * d + 1]) - 0.5 * Math.Max(0, x[s * d + 2]) + 0.1 * Gauss();
        }
        return new GroupLassoProblem(n, d, p, x, masks, y, 0.1 * Math.Sqrt(n), d, constrained, false);
    }

    // One method per instance, so that each can run alone in its own process (peak memory is per process):
    // --filter "Name=MediumGated".
    [Test] public void MediumGated() => Run(5000, 30, 300, false, 20000);
    [Test] public void MediumRelu() => Run(5000, 30, 300, true, 6000);
    [Test] public void LargeGated() => Run(100000, 50, 500, false, 600);
    [Test] public void LargeReluMemory() => LargeMemory(100000, 50, 500, true);
    [Test] public void LargeGatedMemory() => LargeMemory(100000, 50, 500, false);

    private static void Run(int n, int d, int p, bool constrained, int maxIterations)
    {
        var problem = Instance(n, d, p, constrained);
        var peakGemm = GemmPeak();
        var history = new List<FirstOrderProgress>();
        var solution = GroupLassoSolver.Solve(problem, new FirstOrderSettings(MaxIterations: maxIterations), progress: history.Add);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Report(problem, solution, peak, peakGemm);
        foreach (var group in history.GroupBy(h => h.Subproblem))
        {
            var last = group.Last();
            TestContext.Out.WriteLine($"  subproblem {group.Key}: {group.Count()} iterations, δ {last.Penalty:G3}, last step {last.Step:G3}, " +
                                      $"products {last.Products}, {last.Elapsed.TotalSeconds:F1}s ({last.ProductTime.TotalSeconds:F1}s in products)");
        }
        if (constrained) return;
        // Certified accuracy of the gated iterates: every value is a primal objective (no constraints), and the
        // final point gives a dual lower bound D ≤ p*, so (value − D)/D bounds the relative error from above.
        double dual = GatedDualBound(problem, solution.Theta);
        TestContext.Out.WriteLine($"  dual bound {dual:R}, final relative gap {(solution.Objective - dual) / dual:G3}");
        foreach (var target in new[] { 1e-2, 1e-3, 1e-4, 1e-5 })
        {
            var first = history.FirstOrDefault(h => h.Value - dual <= target * dual);
            TestContext.Out.WriteLine(first is null
                ? $"  within {target:G1}: not certified"
                : $"  within {target:G1} (certified): iteration {first.Iteration}, {first.Elapsed.TotalSeconds:F1}s");
        }
    }

    /// <summary>Memory and speed per iteration at the issue's large size: a few iterations, the buffers are all
    /// allocated up front.</summary>
    private static void LargeMemory(int n, int d, int p, bool constrained)
    {
        var problem = Instance(n, d, p, constrained);
        var peakGemm = GemmPeak();
        var history = new List<FirstOrderProgress>();
        var solution = GroupLassoSolver.Solve(problem, new FirstOrderSettings(MaxIterations: 10, MaxOuterIterations: 1), progress: history.Add);
        Report(problem, solution, Process.GetCurrentProcess().PeakWorkingSet64, peakGemm);
        var (a, b) = (history[2], history[^1]);
        double seconds = (b.Elapsed - a.Elapsed).TotalSeconds, products = b.Products - a.Products;
        TestContext.Out.WriteLine($"  iterations {a.Iteration}..{b.Iteration}: {seconds / (b.Iteration - a.Iteration):F2}s each, " +
                                  $"{products / (b.Iteration - a.Iteration):F2} products each, whole iteration at " +
                                  $"{products * 2.0 * n * d * problem.Blocks / seconds / 1e9:F2} GFLOP/s");
    }

    private static void Report(GroupLassoProblem problem, GroupLassoSolution solution, long peak, double peakGemm)
    {
        double wholeRate = solution.Products * solution.ProductFlops / solution.Elapsed.TotalSeconds / 1e9;
        TestContext.Out.WriteLine(
            $"n={problem.Samples} d={problem.Features} P={problem.Patterns} {solution.Method}: converged={solution.Converged} " +
            $"objective={solution.Objective:R} iterations={solution.Iterations} outer={solution.OuterIterations} " +
            $"subgradient={solution.Subgradient:G3} violation={solution.Violation:G3} time={solution.Elapsed.TotalSeconds:F2}s " +
            $"products={solution.Products} in {solution.ProductTime.TotalSeconds:F2}s = {solution.GemmGflops:F2} GFLOP/s " +
            $"(whole solve {wholeRate:F2} GFLOP/s; GEMM peak measured just before: {peakGemm:F2} GFLOP/s); " +
            $"peak working set {peak / 1048576} MiB; load average {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    /// <summary>The GEMM peak of this machine now: best of 3 products of two 2000×2000 matrices through the solver's
    /// own product.</summary>
    private static double GemmPeak()
    {
        const int size = 2000;
        var rng = new Random(4);
        var a = Enumerable.Range(0, size * size).Select(_ => rng.NextDouble()).ToArray();
        var c = new double[size * size];
        double best = 0;
        for (int r = 0; r < 3; r++)
        {
            var clock = Stopwatch.StartNew();
            Gemms.Default.Multiply(false, size, size, size, a, a, c);
            best = Math.Max(best, 2.0 * size * size * size / clock.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }

    /// <summary>Dual of the gated group lasso (no constraints, every coordinate penalized): with ν the residual at θ
    /// and a_j = X̃ᵀD_jν, the scaled point τν, τ = min(1, β / max‖a_j‖), is dual feasible and
    /// −½τ²‖ν‖² − τνᵀy ≤ p*. Plain loops over the data, sharing nothing with the solver.</summary>
    private static double GatedDualBound(GroupLassoProblem problem, double[] theta)
    {
        int n = problem.Samples, d = problem.Features, p = problem.Patterns;
        var residual = new double[n];
        Parallel.For(0, n, s =>
        {
            double prediction = 0;
            for (int i = 0; i < p; i++)
            {
                if (problem.Masks[s * p + i] == 0) continue;
                for (int l = 0; l < d; l++) prediction += problem.Design[s * d + l] * theta[l * p + i];
            }
            residual[s] = prediction - problem.Targets[s];
        });
        var norms = new double[p];
        Parallel.For(0, p, i =>
        {
            var a = new double[d];
            for (int s = 0; s < n; s++)
            {
                if (problem.Masks[s * p + i] == 0) continue;
                for (int l = 0; l < d; l++) a[l] += problem.Design[s * d + l] * residual[s];
            }
            norms[i] = Math.Sqrt(a.Sum(v => v * v));
        });
        double tau = Math.Min(1.0, problem.Beta / norms.Max());
        double nu2 = residual.Sum(v => v * v), nuY = residual.Zip(problem.Targets, (a, b) => a * b).Sum();
        return -0.5 * tau * tau * nu2 - tau * nuY;
    }

    [TestCase(5000, 300, 30, false)]
    [TestCase(30, 300, 5000, true)]
    public void GemmThroughput(int m, int n, int k, bool transpose)
    {
        var rng = new Random(2);
        var a = Enumerable.Range(0, m * k).Select(_ => rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => rng.NextDouble()).ToArray();
        var c = new double[m * n];
        ManagedGemm.Instance.Multiply(transpose, m, n, k, a, b, c);
        var clock = Stopwatch.StartNew();
        int reps = 20;
        for (int r = 0; r < reps; r++) ManagedGemm.Instance.Multiply(transpose, m, n, k, a, b, c);
        double gflops = 2.0 * m * n * k * reps / clock.Elapsed.TotalSeconds / 1e9;
        TestContext.Out.WriteLine($"gemm {(transpose ? "AᵀB" : "AB")} m={m} n={n} k={k}: {gflops:F2} GFLOP/s on {Environment.ProcessorCount} cores, Vector<double>.Count={System.Numerics.Vector<double>.Count}");
    }
}
