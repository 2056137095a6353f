using System.Diagnostics;
using ConicDsl.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Bench.Measurement;

/// <summary>The machine's measured GEMM rate: best of three n×n·n×n products (2n³ flops each) with the selected
/// provider, the ceiling against which a solver's matrix-product rate is judged.</summary>
public static class GemmPeak
{
    public static double GflopsPerSecond(IDenseLinearAlgebra la, int n = 2000)
    {
        var rng = new Random(3);
        var a = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextDouble());
        var b = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextDouble());
        la.Multiply(a, b); // warm-up: thread pool start, page faults
        double best = double.MaxValue;
        for (int r = 0; r < 3; r++)
        {
            var clock = Stopwatch.StartNew();
            la.Multiply(a, b);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * (double)n / best / 1e9;
    }
}
