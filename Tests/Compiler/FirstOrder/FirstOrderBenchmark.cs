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

    [TestCase(5000, 30, 300, false)]
    [TestCase(5000, 30, 300, true)]
    public void Medium(int n, int d, int p, bool constrained)
    {
        var problem = Instance(n, d, p, constrained);
        var before = Process.GetCurrentProcess().PeakWorkingSet64;
        var solution = GroupLassoSolver.Solve(problem, new FirstOrderSettings());
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        TestContext.Out.WriteLine(
            $"n={n} d={d} P={p} {solution.Method}: converged={solution.Converged} objective={solution.Objective:R} " +
            $"iterations={solution.Iterations} outer={solution.OuterIterations} subgradient={solution.Subgradient:G3} violation={solution.Violation:G3} " +
            $"time={solution.Elapsed.TotalSeconds:F2}s products={solution.Products} in {solution.ProductTime.TotalSeconds:F2}s " +
            $"= {solution.GemmGflops:F2} GFLOP/s; peak working set {before / 1048576} MiB before, {peak / 1048576} MiB after");
    }

    /// <summary>Memory at the issue's large size: a few iterations are enough, the buffers are allocated up front.</summary>
    [TestCase(100000, 50, 500, true)]
    [TestCase(100000, 50, 500, false)]
    public void LargeMemory(int n, int d, int p, bool constrained)
    {
        var problem = Instance(n, d, p, constrained);
        GC.Collect();
        var baseline = Process.GetCurrentProcess().WorkingSet64;
        var solution = GroupLassoSolver.Solve(problem, new FirstOrderSettings(MaxIterations: 3, MaxOuterIterations: 1));
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        TestContext.Out.WriteLine(
            $"n={n} d={d} P={p} {solution.Method}: {solution.Iterations} iterations in {solution.Elapsed.TotalSeconds:F1}s, " +
            $"{solution.Products} products at {solution.GemmGflops:F2} GFLOP/s; working set with the problem {baseline / 1048576} MiB, peak {peak / 1048576} MiB");
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
