namespace ConicDsl.Tests.Support;

/// <summary>
/// Independent reference for the gated ReLU model (math.md §2.6): trains f(x) = Σ_i α_i·1[x̃ᵀg_i ≥ 0]·(x̃ᵀu_i) with the
/// given fixed gates by full-batch Adam from random starts, on ½Σ(f−y)² or Σmax(0, 1−yf) plus (β/2)·Σ(‖u_i‖² + α_i²),
/// x̃ = [x, 1] when <c>bias</c>. Gate openings are computed here from the gates; it shares no code with the compiler.
/// </summary>
public static class GatedReluTrainer
{
    public sealed record Options(int Restarts = 20, int Steps = 20000, double LearningRate = 0.02, int Seed = 4242);

    /// <summary>The best objective of each start (one entry per restart).</summary>
    /// <summary>The loss as (value, derivative in f) for residual-based losses; hinge is handled apart.</summary>
    public enum Loss { Squared, Hinge, Absolute, Huber }

    public static double[] Objectives(double[][] x, double[] y, double[][] gates, bool bias, bool hinge, double beta, Options o) =>
        Objectives(x, y, gates, bias, hinge ? Loss.Hinge : Loss.Squared, 1.0, beta, o);

    public static double[] Objectives(double[][] x, double[] y, double[][] gates, bool bias, Loss loss, double delta, double beta, Options o)
    {
        int n = x.Length, p = gates.Length;
        var xt = x.Select(r => bias ? r.Append(1.0).ToArray() : r.ToArray()).ToArray();
        int d = xt[0].Length;
        var open = new bool[n, p];
        for (int k = 0; k < n; k++)
            for (int i = 0; i < p; i++)
            {
                double z = 0;
                for (int j = 0; j < d; j++) z += xt[k][j] * gates[i][j];
                open[k, i] = z >= 0;
            }
        var rng = new Random(o.Seed);
        return Enumerable.Range(0, o.Restarts).Select(_ => Train(xt, y, open, loss, delta, beta, o, rng)).ToArray();
    }

    private static double Train(double[][] x, double[] y, bool[,] open, Loss kind, double delta, double beta, Options o, Random rng)
    {
        int n = x.Length, d = x[0].Length, p = open.GetLength(1);
        int dim = p * d + p; // u (p×d), then α (p)
        var t = new double[dim];
        for (int i = 0; i < dim; i++) t[i] = 0.5 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var mom = new double[dim];
        var vel = new double[dim];
        var g = new double[dim];
        var lin = new double[p];
        double best = double.PositiveInfinity;
        for (int step = 1; step <= o.Steps + 1; step++)
        {
            Array.Clear(g);
            double loss = 0;
            for (int k = 0; k < n; k++)
            {
                double f = 0;
                for (int i = 0; i < p; i++)
                {
                    if (!open[k, i]) continue;
                    double s = 0;
                    for (int j = 0; j < d; j++) s += t[i * d + j] * x[k][j];
                    lin[i] = s;
                    f += t[p * d + i] * s;
                }
                double r, e = f - y[k];
                switch (kind)
                {
                    case Loss.Hinge:
                        double margin = 1 - y[k] * f;
                        loss += Math.Max(0, margin);
                        r = margin > 0 ? -y[k] : 0;
                        break;
                    case Loss.Absolute:
                        loss += Math.Abs(e);
                        r = Math.Sign(e);
                        break;
                    case Loss.Huber:
                        loss += Math.Abs(e) <= delta ? 0.5 * e * e : delta * (Math.Abs(e) - 0.5 * delta);
                        r = Math.Clamp(e, -delta, delta);
                        break;
                    default:
                        loss += 0.5 * e * e;
                        r = e;
                        break;
                }
                if (r == 0) continue;
                for (int i = 0; i < p; i++)
                {
                    if (!open[k, i]) continue;
                    g[p * d + i] += r * lin[i];
                    double ra = r * t[p * d + i];
                    for (int j = 0; j < d; j++) g[i * d + j] += ra * x[k][j];
                }
            }
            double reg = 0;
            for (int i = 0; i < dim; i++)
            {
                reg += t[i] * t[i];
                g[i] += beta * t[i];
            }
            best = Math.Min(best, loss + 0.5 * beta * reg);
            if (step > o.Steps) break;
            double lr = o.LearningRate * Math.Pow(0.5, Math.Floor(6.0 * step / o.Steps));
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
}
