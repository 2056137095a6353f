using System.Diagnostics;
using ConicDsl.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Bench.Peers;

/// <summary>
/// Full-batch Adam on the non-convex two-layer ReLU network ŷ = Σ_j α_j·max(0, [x; 1]ᵀw_j) with objective
/// ½Σ(ŷ − y)² + (β/2)Σ_j(‖w_j‖² + α_j²) (conventions.md), the problem the convex program solves exactly. It shares
/// no code with the compiler. Full batch keeps the objective of every epoch exact, so the history is honest;
/// the two matrix products per epoch go through <see cref="IDenseLinearAlgebra"/>, i.e. OpenBLAS when present.
/// Step size: 1e-2/(1 + t/500), since a constant Adam step stalls far from 1e-6 relative accuracy.
/// </summary>
public sealed class AdamTrainer(IDenseLinearAlgebra la)
{
    public sealed record Trace(List<(double Seconds, double Objective)> History, int Epochs, double Final);

    public Trace Train(double[,] x, double[] y, int width, double beta, int seed, int maxEpochs, double seconds)
    {
        int n = x.GetLength(0), d = x.GetLength(1) + 1;
        var xb = Matrix<double>.Build.Dense(n, d, (i, j) => j < d - 1 ? x[i, j] : 1.0);
        var rng = new Random(seed);
        var w = Matrix<double>.Build.Dense(d, width, (_, _) => Gaussian(rng) / Math.Sqrt(d));
        var alpha = Vector<double>.Build.Dense(width, _ => Gaussian(rng) / Math.Sqrt(width));
        var target = Vector<double>.Build.DenseOfArray(y);
        var adamW = new AdamState(d * width);
        var adamA = new AdamState(width);
        var history = new List<(double, double)>();
        double best = double.PositiveInfinity;
        var clock = Stopwatch.StartNew();
        int epoch = 0;
        for (; epoch < maxEpochs && clock.Elapsed.TotalSeconds < seconds; epoch++)
        {
            // One n × width buffer per epoch, overwritten in place (pre-activations, then activations, then the
            // gradient with respect to the pre-activations): at n = 100 000, width = 500 each such matrix is 400 MB, and
            // three of them per epoch took a start past the bench's 8 GiB cap.
            var h = la.Multiply(xb, w);                        // n × width pre-activations z
            h.MapInplace(v => Math.Max(0, v));
            var r = h * alpha - target;                        // residuals
            double objective = 0.5 * r.DotProduct(r) + 0.5 * beta * (w.FrobeniusNorm() * w.FrobeniusNorm() + alpha.DotProduct(alpha));
            if (objective < best)
            {
                best = objective;
                history.Add((clock.Elapsed.TotalSeconds, best));
            }
            var gAlpha = h.TransposeThisAndMultiply(r) + beta * alpha;
            // ∂/∂z_ij = r_i·α_j where z_ij > 0, i.e. where h_ij > 0 (ties count as inactive; a measure-zero set for
            // continuous data).
            h.MapIndexedInplace((i, j, v) => v > 0 ? r[i] * alpha[j] : 0.0);
            var gW = la.Multiply(xb, h, transposeA: true) + beta * w;
            double step = 1e-2 / (1 + epoch / 500.0);
            adamW.Step(w.AsColumnMajorArray() ?? throw new InvalidOperationException("dense"), gW.ToColumnMajorArray(), step);
            var a = alpha.AsArray() ?? throw new InvalidOperationException("dense");
            adamA.Step(a, gAlpha.ToArray(), step);
        }
        return new Trace(history, epoch, best);
    }

    private sealed class AdamState(int size)
    {
        private readonly double[] _m = new double[size], _v = new double[size];
        private int _t;

        public void Step(double[] theta, double[] grad, double step)
        {
            _t++;
            double c1 = 1 - Math.Pow(0.9, _t), c2 = 1 - Math.Pow(0.999, _t);
            for (int i = 0; i < theta.Length; i++)
            {
                _m[i] = 0.9 * _m[i] + 0.1 * grad[i];
                _v[i] = 0.999 * _v[i] + 0.001 * grad[i] * grad[i];
                theta[i] -= step * (_m[i] / c1) / (Math.Sqrt(_v[i] / c2) + 1e-8);
            }
        }
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
