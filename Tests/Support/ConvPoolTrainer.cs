namespace ConicDsl.Tests.Support;

/// <summary>
/// The independent reference for the two-layer CNN: trains f(x) = Σ_j α_j·pool_k max(0, u_jᵀx_k) (pool = sum, mean or
/// max over the valid positions of a strided kernel, no bias) directly by full-batch Adam from random starts, on the
/// same objective in the same units: ½Σ(f−y)² or Σmax(0, 1−yf), plus (β/2)·Σ_j(‖u_j‖² + α_j²). It cuts its own
/// patches from the rows (channel-first, row-major) and shares no code with the compiler.
/// </summary>
public static class ConvPoolTrainer
{
    public enum Pool { Sum, Mean, Max }

    /// <summary>Input rows are <paramref name="Channels"/> planes of Height × Width; a signal has Height 1.</summary>
    public sealed record Shape(int Channels, int Height, int Width, int KernelHeight, int KernelWidth, int Stride);

    public sealed record Options(int Width = 16, int Restarts = 20, int Steps = 10000, double LearningRate = 0.02, int Seed = 2024);

    public static Shape Signal(int length, int kernel, int stride = 1, int channels = 1) =>
        new(channels, 1, length, 1, kernel, stride);

    public static Shape Image(int height, int width, int kernelHeight, int kernelWidth, int stride = 1, int channels = 1) =>
        new(channels, height, width, kernelHeight, kernelWidth, stride);

    /// <summary>The smallest objective met over all restarts and steps (every one is a real network's objective).</summary>
    public static double BestObjective(double[][] x, double[] y, Shape shape, Pool pool, bool hinge, double beta, Options o)
    {
        var patches = x.Select(row => Cut(row, shape)).ToArray();
        var rng = new Random(o.Seed);
        double best = double.PositiveInfinity;
        for (int r = 0; r < o.Restarts; r++) best = Math.Min(best, Train(patches, y, pool, hinge, beta, o, rng));
        return best;
    }

    /// <summary>patches[k] of one row: position-major (row of positions, then column), entries channel, kernel row, kernel column.</summary>
    public static double[][] Cut(double[] row, Shape s)
    {
        int rows = (s.Height - s.KernelHeight) / s.Stride + 1, cols = (s.Width - s.KernelWidth) / s.Stride + 1;
        var result = new List<double[]>();
        for (int pr = 0; pr < rows; pr++)
        for (int pc = 0; pc < cols; pc++)
        {
            var patch = new List<double>();
            for (int c = 0; c < s.Channels; c++)
            for (int a = 0; a < s.KernelHeight; a++)
            for (int b = 0; b < s.KernelWidth; b++)
                patch.Add(row[(c * s.Height + pr * s.Stride + a) * s.Width + pc * s.Stride + b]);
            result.Add(patch.ToArray());
        }
        return result.ToArray();
    }

    private static double Train(double[][][] patches, double[] y, Pool pool, bool hinge, double beta, Options o, Random rng)
    {
        int m = o.Width, h = patches[0][0].Length, dim = m * h + m; // u (m×h), α (m)
        var theta = new double[dim];
        for (int i = 0; i < dim; i++) theta[i] = Gaussian(rng) * 0.5;
        var mom = new double[dim];
        var vel = new double[dim];
        var grad = new double[dim];
        double best = double.PositiveInfinity;
        const double b1 = 0.9, b2 = 0.999, eps = 1e-12;
        for (int step = 1; step <= o.Steps; step++)
        {
            best = Math.Min(best, Gradient(patches, y, pool, hinge, beta, theta, grad, m, h));
            // Halving the rate six times lets Adam settle close to the minimum it is heading for.
            double lr = o.LearningRate * Math.Pow(0.5, Math.Floor(6.0 * step / o.Steps));
            for (int i = 0; i < dim; i++)
            {
                mom[i] = b1 * mom[i] + (1 - b1) * grad[i];
                vel[i] = b2 * vel[i] + (1 - b2) * grad[i] * grad[i];
                double mh = mom[i] / (1 - Math.Pow(b1, step)), vh = vel[i] / (1 - Math.Pow(b2, step));
                theta[i] -= lr * mh / (Math.Sqrt(vh) + eps);
            }
        }
        return Math.Min(best, Gradient(patches, y, pool, hinge, beta, theta, grad, m, h));
    }

    /// <summary>Objective and a subgradient at theta = [u (m×h), α (m)]; for max pooling the first maximal
    /// position carries the gradient.</summary>
    private static double Gradient(double[][][] patches, double[] y, Pool pool, bool hinge, double beta,
        double[] t, double[] g, int m, int h)
    {
        Array.Clear(g);
        int ao = m * h, positions = patches[0].Length;
        double scale = pool == Pool.Mean ? 1.0 / positions : 1.0;
        var pooled = new double[m];
        var z = new double[positions];
        var direction = new double[m, h];
        double loss = 0;
        for (int s = 0; s < y.Length; s++)
        {
            Array.Clear(direction);
            double f = 0;
            for (int j = 0; j < m; j++)
            {
                for (int k = 0; k < positions; k++)
                {
                    double v = 0;
                    for (int e = 0; e < h; e++) v += t[j * h + e] * patches[s][k][e];
                    z[k] = v;
                }
                double p = 0;
                if (pool == Pool.Max)
                {
                    int arg = 0;
                    for (int k = 1; k < positions; k++) if (z[k] > z[arg]) arg = k;
                    if (z[arg] > 0)
                    {
                        p = z[arg];
                        for (int e = 0; e < h; e++) direction[j, e] = patches[s][arg][e];
                    }
                }
                else
                {
                    for (int k = 0; k < positions; k++)
                    {
                        if (z[k] <= 0) continue;
                        p += scale * z[k];
                        for (int e = 0; e < h; e++) direction[j, e] += scale * patches[s][k][e];
                    }
                }
                pooled[j] = p;
                f += t[ao + j] * p;
            }
            double r;
            if (hinge)
            {
                double margin = 1 - y[s] * f;
                loss += Math.Max(0, margin);
                r = margin > 0 ? -y[s] : 0;
            }
            else
            {
                r = f - y[s];
                loss += 0.5 * r * r;
            }
            if (r == 0) continue;
            for (int j = 0; j < m; j++)
            {
                g[ao + j] += r * pooled[j];
                double ra = r * t[ao + j];
                for (int e = 0; e < h; e++) g[j * h + e] += ra * direction[j, e];
            }
        }
        double reg = 0;
        for (int i = 0; i < t.Length; i++)
        {
            reg += t[i] * t[i];
            g[i] += beta * t[i];
        }
        return loss + 0.5 * beta * reg;
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
