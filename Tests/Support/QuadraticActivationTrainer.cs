namespace ConicDsl.Tests.Support;

/// <summary>
/// Independent reference for the quadratic-activation network (math.md §8.1): f(x) = Σ_j α_j·σ(x̃ᵀu_j),
/// σ(t) = a·t² + b·t + c, trained by proximal gradient from random starts — a gradient step on ½Σ(f−y)² (or a
/// subgradient step on Σmax(0, 1−yf)), soft-thresholding of α for β·Σ|α_j|, and projection of each u_j back onto the
/// unit sphere. x̃ = [x, 1] when <c>bias</c>. Shares no code with the compiler.
/// </summary>
public static class QuadraticActivationTrainer
{
    public sealed record Options(int Restarts = 20, int Width = 8, int Steps = 20000, double LearningRate = 0.005, int Seed = 6060);

    /// <summary>The final objective of each start (one entry per restart).</summary>
    public static double[] Objectives(double[][] x, double[] y, double a, double b, double c, bool bias, bool hinge,
        double beta, Options o)
    {
        var xt = x.Select(r => bias ? r.Append(1.0).ToArray() : r.ToArray()).ToArray();
        var rng = new Random(o.Seed);
        return Enumerable.Range(0, o.Restarts).Select(_ => Train(xt, y, a, b, c, hinge, beta, o, rng)).ToArray();
    }

    /// <summary>The objective of one network: the loss plus β·Σ|α_j| (u_j are assumed unit-norm).</summary>
    public static double Objective(double[][] x, double[] y, double a, double b, double c, bool hinge, double beta,
        double[][] u, double[] alpha)
    {
        double loss = 0;
        for (int k = 0; k < x.Length; k++)
        {
            double f = 0;
            for (int j = 0; j < u.Length; j++)
            {
                double t = Dot(x[k], u[j]);
                f += alpha[j] * (a * t * t + b * t + c);
            }
            loss += hinge ? Math.Max(0, 1 - y[k] * f) : 0.5 * (f - y[k]) * (f - y[k]);
        }
        return loss + beta * alpha.Sum(Math.Abs);
    }

    private static double Train(double[][] x, double[] y, double a, double b, double c, bool hinge, double beta,
        Options o, Random rng)
    {
        int n = x.Length, d = x[0].Length, m = o.Width;
        var u = new double[m][];
        var alpha = new double[m];
        for (int j = 0; j < m; j++)
        {
            u[j] = Enumerable.Range(0, d).Select(_ => Gaussian(rng)).ToArray();
            Normalize(u[j]);
            alpha[j] = 0.3 * Gaussian(rng);
        }
        var t = new double[n, m];
        var gradU = new double[m][];
        for (int j = 0; j < m; j++) gradU[j] = new double[d];
        var gradAlpha = new double[m];
        var e = new double[n];
        double best = double.PositiveInfinity;
        for (int step = 0; step < o.Steps; step++)
        {
            for (int k = 0; k < n; k++)
            {
                double f = 0;
                for (int j = 0; j < m; j++)
                {
                    t[k, j] = Dot(x[k], u[j]);
                    f += alpha[j] * (a * t[k, j] * t[k, j] + b * t[k, j] + c);
                }
                e[k] = hinge ? (1 - y[k] * f > 0 ? -y[k] : 0) : f - y[k];
            }
            best = Math.Min(best, Objective(x, y, a, b, c, hinge, beta, u, alpha));
            for (int j = 0; j < m; j++)
            {
                gradAlpha[j] = 0;
                Array.Clear(gradU[j]);
                for (int k = 0; k < n; k++)
                {
                    double s = a * t[k, j] * t[k, j] + b * t[k, j] + c, ds = 2 * a * t[k, j] + b;
                    gradAlpha[j] += e[k] * s;
                    for (int i = 0; i < d; i++) gradU[j][i] += e[k] * alpha[j] * ds * x[k][i];
                }
            }
            double lr = o.LearningRate;
            for (int j = 0; j < m; j++)
            {
                double z = alpha[j] - lr * gradAlpha[j];
                alpha[j] = Math.Sign(z) * Math.Max(Math.Abs(z) - lr * beta, 0);
                for (int i = 0; i < d; i++) u[j][i] -= lr * gradU[j][i];
                Normalize(u[j]);
            }
        }
        return Math.Min(best, Objective(x, y, a, b, c, hinge, beta, u, alpha));
    }

    private static double Dot(double[] p, double[] q)
    {
        double s = 0;
        for (int i = 0; i < p.Length; i++) s += p[i] * q[i];
        return s;
    }

    private static void Normalize(double[] v)
    {
        double norm = Math.Sqrt(v.Sum(e => e * e));
        if (norm == 0) { v[0] = 1; return; }
        for (int i = 0; i < v.Length; i++) v[i] /= norm;
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
