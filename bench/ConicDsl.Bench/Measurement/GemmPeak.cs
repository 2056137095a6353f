using System.Diagnostics;
using ConicDsl.Compiler.FirstOrder;
using ConicDsl.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Bench.Measurement;

/// <summary>The machine's measured GEMM rate: best of five n×n·n×n products (2n³ flops each) with the selected
/// provider, the ceiling against which a solver's matrix-product rate is judged.</summary>
public static class GemmPeak
{
    private const int Size = 3000, Repeats = 5;

    public static string Description => $"{Size}×{Size}, best of {Repeats}";

    public static double GflopsPerSecond(IDenseLinearAlgebra la, int n = Size)
    {
        var rng = new Random(3);
        var a = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextDouble());
        var b = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextDouble());
        la.Multiply(a, b); // warm-up: thread pool start, page faults
        double best = double.MaxValue;
        for (int r = 0; r < Repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            la.Multiply(a, b);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * (double)n / best / 1e9;
    }

    /// <summary>The same product with the first-order solvers' own kernel (<see cref="ManagedGemm"/>), which is what
    /// their GFLOP/s figure measures.</summary>
    public static double ManagedGflopsPerSecond(int n = 2000)
    {
        var rng = new Random(3);
        var a = new double[n * n];
        var b = new double[n * n];
        for (int i = 0; i < a.Length; i++) (a[i], b[i]) = (rng.NextDouble(), rng.NextDouble());
        var c = new double[n * n];
        ManagedGemm.Instance.Multiply(false, n, n, n, a, b, c);
        double best = double.MaxValue;
        for (int r = 0; r < 3; r++)
        {
            var clock = Stopwatch.StartNew();
            ManagedGemm.Instance.Multiply(false, n, n, n, a, b, c);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * (double)n / best / 1e9;
    }
}
