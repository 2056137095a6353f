namespace ConicDsl.Tests.Support;

/// <summary>
/// The independent reference for the three-layer CNN (math.md §6): trains
/// f(x) = Σ_j α_j·max(0, Σ_k w_jk·max(0, u_jkᵀx_k)) — u_jk = u_j for a shared filter — directly by full-batch projected gradient
/// descent from random starts (every filter projected back onto ‖u‖ ≤ 1 after each step), on the same objective in the same
/// units: ½Σ(f−y)² or Σmax(0, 1−yf), plus (β/2)·Σ_j(‖w_j‖² + α_j²). It cuts its own patches (valid positions of a
/// strided kernel over channel-first, row-major rows) and shares no code with the compiler.
/// </summary>
public static class ConvDenseTrainer
{
    public sealed record Shape(int Channels, int Height, int Width, int KernelHeight, int KernelWidth, int Stride, bool Shared);

    /// <remarks>Plain projected gradient steps: on ConvDenseArchitectureTests' E2 instance (n = 3, L = 3, kernel 2)
    /// full-batch Adam (the two-layer trainers' choice; width 12, 8 000 steps, rate 0.02) stalled 1.2e-2 above the
    /// optimum from all 20 starts, while plain steps (width 8, 40 000 steps, rate 0.01) came within 3e-6.</remarks>
    public sealed record Options(int Width = 12, int Restarts = 20, int Steps = 30000, double LearningRate = 0.02, int Seed = 2027);

    public static Shape Signal(int length, int kernel, bool shared, int stride = 1, int channels = 1) =>
        new(channels, 1, length, 1, kernel, stride, shared);

    /// <summary>The smallest objective met over all restarts and steps; every value is a real network's objective
    /// (the filters are projected before each evaluation).</summary>
    public static double BestObjective(double[][] x, double[] y, Shape shape, bool hinge, double beta, Options o)
    {
        var patches = x.Select(row => Cut(row, shape)).ToArray();
        var rng = new Random(o.Seed);
        double best = double.PositiveInfinity;
        for (int r = 0; r < o.Restarts; r++) best = Math.Min(best, Train(patches, y, shape.Shared, hinge, beta, o, rng));
        return best;
    }

    /// <summary>The objective of given weights: filters[j][k] (one entry per unit when shared), dense[j][k], output[j].</summary>
    public static double Objective(double[][] x, double[] y, Shape shape, bool hinge, double beta,
        double[][][] filters, double[][] dense, double[] output)
    {
        double loss = 0, reg = 0;
        foreach (var (row, target) in x.Zip(y))
        {
            var patches = Cut(row, shape);
            double f = 0;
            for (int j = 0; j < output.Length; j++)
            {
                double g = 0;
                for (int k = 0; k < patches.Length; k++)
                {
                    var u = filters[j][shape.Shared ? 0 : k];
                    g += dense[j][k] * Math.Max(0, u.Zip(patches[k], (a, b) => a * b).Sum());
                }
                f += output[j] * Math.Max(0, g);
            }
            loss += hinge ? Math.Max(0, 1 - target * f) : 0.5 * (f - target) * (f - target);
        }
        for (int j = 0; j < output.Length; j++) reg += dense[j].Sum(w => w * w) + output[j] * output[j];
        return loss + 0.5 * beta * reg;
    }

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

    /// <summary>theta = [u (m × F × h, F = 1 shared or K), w (m × K), α (m)].</summary>
    private static double Train(double[][][] patches, double[] y, bool shared, bool hinge, double beta, Options o, Random rng)
    {
        int m = o.Width, positions = patches[0].Length, h = patches[0][0].Length, filters = shared ? 1 : positions;
        int wo = m * filters * h, ao = wo + m * positions, dim = ao + m;
        var theta = new double[dim];
        for (int i = 0; i < dim; i++) theta[i] = Gaussian(rng) * (i < wo ? 1.0 : 0.5);
        Project(theta, m * filters, h);
        var grad = new double[dim];
        double best = double.PositiveInfinity;
        for (int step = 1; step <= o.Steps; step++)
        {
            best = Math.Min(best, Gradient(patches, y, shared, hinge, beta, theta, grad, m));
            // The last quarter halves the step twice so the iterate settles instead of bouncing across a kink.
            double lr = o.LearningRate * (step > 7 * o.Steps / 8 ? 0.25 : step > 3 * o.Steps / 4 ? 0.5 : 1.0);
            for (int i = 0; i < dim; i++) theta[i] -= lr * grad[i];
            Project(theta, m * filters, h);
        }
        return Math.Min(best, Gradient(patches, y, shared, hinge, beta, theta, grad, m));
    }

    /// <summary>u ← u / max(1, ‖u‖) for each of the first <paramref name="count"/> filters.</summary>
    private static void Project(double[] theta, int count, int h)
    {
        for (int f = 0; f < count; f++)
        {
            double norm = 0;
            for (int e = 0; e < h; e++) norm += theta[f * h + e] * theta[f * h + e];
            norm = Math.Sqrt(norm);
            if (norm <= 1) continue;
            for (int e = 0; e < h; e++) theta[f * h + e] /= norm;
        }
    }

    private static double Gradient(double[][][] patches, double[] y, bool shared, bool hinge, double beta,
        double[] t, double[] g, int m)
    {
        Array.Clear(g);
        int positions = patches[0].Length, h = patches[0][0].Length, filters = shared ? 1 : positions;
        int wo = m * filters * h, ao = wo + m * positions;
        var z = new double[m, positions];
        var hidden = new double[m];
        double loss = 0;
        for (int s = 0; s < y.Length; s++)
        {
            double f = 0;
            for (int j = 0; j < m; j++)
            {
                double sum = 0;
                for (int k = 0; k < positions; k++)
                {
                    int uo = (j * filters + (shared ? 0 : k)) * h;
                    double v = 0;
                    for (int e = 0; e < h; e++) v += t[uo + e] * patches[s][k][e];
                    z[j, k] = v;
                    if (v > 0) sum += t[wo + j * positions + k] * v;
                }
                hidden[j] = sum;
                if (sum > 0) f += t[ao + j] * sum;
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
                if (hidden[j] <= 0) continue;
                g[ao + j] += r * hidden[j];
                double dg = r * t[ao + j];
                for (int k = 0; k < positions; k++)
                {
                    if (z[j, k] <= 0) continue;
                    g[wo + j * positions + k] += dg * z[j, k];
                    int uo = (j * filters + (shared ? 0 : k)) * h;
                    double du = dg * t[wo + j * positions + k];
                    for (int e = 0; e < h; e++) g[uo + e] += du * patches[s][k][e];
                }
            }
        }
        double reg = 0;
        for (int i = wo; i < t.Length; i++)
        {
            reg += t[i] * t[i];
            g[i] += beta * t[i];
        }
        return loss + 0.5 * beta * reg;
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
