namespace ConicDsl.Tests.Support;

/// <summary>
/// Independent reference for the vector-output ReLU network (math.md §7): trains f(x) = Σ_j (x̃ᵀu_j)_+ v_j, v_j ∈ R^C,
/// on ½‖F − Y‖_F² + (β/2)·Σ_j(‖u_j‖² + ‖v_j‖²) (x̃ = [x, 1] when <c>bias</c>) by full-batch Adam from random starts,
/// evaluating the objective exactly at every step and keeping the best. With <c>L1Output</c> the output weights pay
/// (β/2)‖v_j‖₁² instead (math.md §7.4; subgradient β‖v_j‖₁·sign(v_j)). It shares no code with the compiler.
/// </summary>
public static class VectorOutputTrainer
{
    public sealed record Options(int Width = 8, int Restarts = 20, int Steps = 4000, double LearningRate = 0.02, int Seed = 777,
        bool L1Output = false);

    /// <summary>The best objective reached by each start.</summary>
    public static double[] Objectives(double[][] x, double[][] y, bool bias, double beta, Options o)
    {
        var xt = x.Select(r => bias ? r.Append(1.0).ToArray() : r.ToArray()).ToArray();
        var rng = new Random(o.Seed);
        return Enumerable.Range(0, o.Restarts).Select(_ => Train(xt, y, beta, o, rng)).ToArray();
    }

    private static double Train(double[][] x, double[][] y, double beta, Options o, Random rng)
    {
        int n = x.Length, d = x[0].Length, c = y[0].Length, m = o.Width;
        int dim = m * d + m * c; // u (m×d), then v (m×c)
        var t = new double[dim];
        for (int i = 0; i < dim; i++) t[i] = 0.5 * Gaussian(rng);
        var mom = new double[dim];
        var vel = new double[dim];
        var g = new double[dim];
        var h = new double[m];
        var f = new double[c];
        double best = double.PositiveInfinity;
        for (int step = 1; step <= o.Steps + 1; step++)
        {
            Array.Clear(g);
            double objective = 0;
            for (int k = 0; k < n; k++)
            {
                Array.Clear(f);
                for (int j = 0; j < m; j++)
                {
                    double z = 0;
                    for (int a = 0; a < d; a++) z += t[j * d + a] * x[k][a];
                    h[j] = Math.Max(0, z);
                    for (int b = 0; b < c; b++) f[b] += h[j] * t[m * d + j * c + b];
                }
                for (int b = 0; b < c; b++)
                {
                    double r = f[b] - y[k][b];
                    objective += 0.5 * r * r;
                    f[b] = r; // the residual is the loss's derivative
                }
                for (int j = 0; j < m; j++)
                {
                    double back = 0;
                    for (int b = 0; b < c; b++)
                    {
                        g[m * d + j * c + b] += f[b] * h[j];
                        back += f[b] * t[m * d + j * c + b];
                    }
                    if (h[j] > 0)
                        for (int a = 0; a < d; a++) g[j * d + a] += back * x[k][a];
                }
            }
            int penalisedAsSquares = o.L1Output ? m * d : dim;
            for (int i = 0; i < penalisedAsSquares; i++)
            {
                objective += 0.5 * beta * t[i] * t[i];
                g[i] += beta * t[i];
            }
            for (int j = 0; o.L1Output && j < m; j++)
            {
                double l1 = 0;
                for (int b = 0; b < c; b++) l1 += Math.Abs(t[m * d + j * c + b]);
                objective += 0.5 * beta * l1 * l1;
                for (int b = 0; b < c; b++) g[m * d + j * c + b] += beta * l1 * Math.Sign(t[m * d + j * c + b]);
            }
            best = Math.Min(best, objective);
            if (step > o.Steps) break;
            double lr = o.LearningRate * (step < o.Steps / 2 ? 1.0 : 0.1);
            for (int i = 0; i < dim; i++)
            {
                mom[i] = 0.9 * mom[i] + 0.1 * g[i];
                vel[i] = 0.999 * vel[i] + 0.001 * g[i] * g[i];
                double mh = mom[i] / (1 - Math.Pow(0.9, step)), vh = vel[i] / (1 - Math.Pow(0.999, step));
                t[i] -= lr * mh / (Math.Sqrt(vh) + 1e-12);
            }
        }
        return best;
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
