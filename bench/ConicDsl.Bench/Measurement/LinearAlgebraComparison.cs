using System.Diagnostics;
using ConicDsl.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Bench.Measurement;

/// <summary>Seconds for GEMM, thin QR, full SVD and symmetric eigen of one seeded n×n matrix, per provider
/// (one timed run after a warm-up on a small matrix; the managed SVD alone takes minutes at n = 2000).</summary>
public static class LinearAlgebraComparison
{
    public sealed record Timing(string Provider, string Operation, int N, double Seconds);

    public static IEnumerable<Timing> Run(IEnumerable<IDenseLinearAlgebra> providers, int n)
    {
        var rng = new Random(5);
        var a = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextDouble() - 0.5);
        var sym = a + a.Transpose();
        var small = Matrix<double>.Build.Dense(50, 50, (_, _) => rng.NextDouble());
        foreach (var la in providers)
        {
            la.Multiply(small, small); la.Qr(small); la.Svd(small, true); la.SymmetricEigen(small + small.Transpose());
            yield return new Timing(la.Name, "gemm", n, Time(() => la.Multiply(a, a)));
            yield return new Timing(la.Name, "qr", n, Time(() => la.Qr(a)));
            yield return new Timing(la.Name, "svd", n, Time(() => la.Svd(a, computeVectors: true)));
            yield return new Timing(la.Name, "symmetric_eigen", n, Time(() => la.SymmetricEigen(sym)));
        }
    }

    private static double Time(Action f)
    {
        var clock = Stopwatch.StartNew();
        f();
        return clock.Elapsed.TotalSeconds;
    }
}
