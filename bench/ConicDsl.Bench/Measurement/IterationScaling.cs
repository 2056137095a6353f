using System.Diagnostics;
using ConicDsl.Compiler.FirstOrder;

namespace ConicDsl.Bench.Measurement;

/// <summary>
/// Cost of one first-order iteration as n, d and P grow, one at a time from a base point. An iteration of the
/// augmented Lagrangian's inner R-FISTA on the ReLU program (B = 2P blocks) is timed as what it minimally does: ∇f at
/// a point whose image is known (the product X̃ᵀR), the group prox, and the trial point's image and value (X̃Θ) —
/// two n×d×B products plus elementwise passes over the n×B buffers. Backtracking can add value evaluations and the
/// stopping test a gradient every 10 iterations, so real iterations cost this or somewhat more. Data are seeded
/// Gaussians with random gates, the penalty term active (multipliers zero, δ = 10).
/// </summary>
public static class IterationScaling
{
    public sealed record Point(string Axis, int N, int D, int P, double SecondsPerIteration, double Gflops);

    public const int BaseN = 10_000, BaseD = 30, BaseP = 200;

    public static IEnumerable<Point> Run(Action<string> log)
    {
        foreach (var n in new[] { 2_500, 5_000, 10_000, 20_000, 40_000 }) yield return Time("n", n, BaseD, BaseP, log);
        foreach (var d in new[] { 10, 20, 30, 60, 120 }) yield return Time("d", BaseN, d, BaseP, log);
        foreach (var p in new[] { 50, 100, 200, 400, 800 }) yield return Time("P", BaseN, BaseD, p, log);
        yield return Time("large", 100_000, 51, 500, log, repetitions: 1);
    }

    public static Point Time(string axis, int n, int d, int p, Action<string> log, int repetitions = 3, int iterations = 3)
    {
        var rng = new Random(n * 31 + d * 7 + p);
        var design = new double[n * d];
        for (int i = 0; i < design.Length; i++) design[i] = Gaussian(rng);
        var gates = new double[d * p];
        for (int i = 0; i < gates.Length; i++) gates[i] = Gaussian(rng);
        var masks = new byte[n * p];
        for (int s = 0; s < n; s++)
            for (int j = 0; j < p; j++)
            {
                double z = 0;
                for (int l = 0; l < d; l++) z += design[s * d + l] * gates[l * p + j];
                masks[s * p + j] = z >= 0 ? (byte)1 : (byte)0;
            }
        var targets = Enumerable.Range(0, n).Select(_ => Gaussian(rng)).ToArray();
        var problem = new GroupLassoProblem(n, d, p, design, masks, targets, 0.1, d, Constrained: true, FreeOutputOffset: false);
        var op = new MaskedGroupOperator(problem, Gemms.Default);
        var smooth = new GroupLassoSmoothPart(problem, op) { Multipliers = new double[n * problem.Blocks], Penalty = 10 };
        var prox = new GroupNormProx(d, problem.Blocks, d, 0.1);
        var x = Enumerable.Range(0, smooth.Length).Select(_ => 0.01 * Gaussian(rng)).ToArray();
        var gradient = new double[smooth.Length];
        var image = smooth.Images.First;
        smooth.Map(x, image);

        // The solver's iteration: the gradient at a point whose image is known (one adjoint product), a proximal step,
        // and the trial point's image and value (one product); the trial point becomes the next point.
        void Iteration()
        {
            smooth.ValueAndGradient(image, x, gradient);
            for (int e = 0; e < x.Length; e++) x[e] -= 1e-3 * gradient[e];
            prox.Apply(x, 1e-3, x);
            smooth.Map(x, image);
            smooth.Value(image, x);
        }

        Iteration(); // warm-up: JIT, page faults of the n×B buffers
        double best = double.MaxValue;
        for (int r = 0; r < repetitions; r++)
        {
            var clock = Stopwatch.StartNew();
            for (int k = 0; k < iterations; k++) Iteration();
            best = Math.Min(best, clock.Elapsed.TotalSeconds / iterations);
        }
        var point = new Point(axis, n, d, p, best, 2 * op.ProductFlops / best / 1e9);
        log($"scaling {axis,-5} n={n,-6} d={d,-4} P={p,-4} {best:F4} s/iteration, {point.Gflops:F2} GFLOP/s (products' flops over the whole iteration)");
        return point;
    }

    /// <summary>Least-squares slope of log(seconds) against log(size) along one axis: the empirical exponent.</summary>
    public static double Exponent(IEnumerable<Point> points, Func<Point, int> size)
    {
        var xy = points.Select(p => (X: Math.Log(size(p)), Y: Math.Log(p.SecondsPerIteration))).ToList();
        double mx = xy.Average(v => v.X), my = xy.Average(v => v.Y);
        return xy.Sum(v => (v.X - mx) * (v.Y - my)) / xy.Sum(v => (v.X - mx) * (v.X - mx));
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
