using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Tests.Support;

/// <summary>
/// The independent reference for end-to-end tests: trains the non-convex two-layer ReLU network
/// f(x) = Σ_j α_j·max(0, w_jᵀx + b_j) [+ c] directly by full-batch Adam from random starts, on the same objective in
/// the same units (½Σ(f−y)², Σmax(0,1−yf) or Σlog(1 + exp(−yf)), plus (β/2)·Σ(‖w‖² + [b²] + α²)). It shares no code with the compiler.
/// </summary>
public static class NonConvexTrainer
{
    public sealed record Options(int Width = 16, int Restarts = 20, int Steps = 30000, double LearningRate = 0.02, int Seed = 12345);

    public static double BestObjective(double[][] x, double[] y, bool hinge, double beta, BiasMode bias, Options o) =>
        BestObjective(x, y, hinge ? LossKind.Hinge : LossKind.Squared, beta, bias, o);

    /// <summary>Squared, hinge or logistic loss.</summary>
    public static double BestObjective(double[][] x, double[] y, LossKind loss, double beta, BiasMode bias, Options o)
    {
        if (loss is not (LossKind.Squared or LossKind.Hinge or LossKind.Logistic)) throw new ArgumentOutOfRangeException(nameof(loss));
        var rng = new Random(o.Seed);
        double best = double.PositiveInfinity;
        for (int r = 0; r < o.Restarts; r++) best = Math.Min(best, Train(x, y, loss, beta, bias, o, rng));
        return best;
    }

    /// <summary>A trained network f(x) = Σ_j A_j·max(0, W_jᵀx + B_j) + C and its objective.</summary>
    public sealed record Trained(double[,] W, double[] B, double[] A, double C, double Objective);

    /// <summary>The final parameters of the restart that ends lowest (Adam from <see cref="Options.Restarts"/> random starts).</summary>
    public static Trained BestNetwork(double[][] x, double[] y, bool hinge, double beta, BiasMode bias, Options o)
    {
        var rng = new Random(o.Seed);
        Trained? best = null;
        int m = o.Width, d = x[0].Length;
        for (int r = 0; r < o.Restarts; r++)
        {
            var theta = new double[m * d + 3 * m + 1];
            Train(x, y, hinge ? LossKind.Hinge : LossKind.Squared, beta, bias, o, rng, theta);
            var w = new double[m, d];
            for (int j = 0; j < m; j++) for (int i = 0; i < d; i++) w[j, i] = theta[j * d + i];
            var b = bias == BiasMode.None ? new double[m] : theta[(m * d)..(m * d + m)];
            var a = theta[(m * d + m)..(m * d + 2 * m)];
            double c = bias == BiasMode.Unregularized ? theta[m * d + 2 * m] : 0;
            double objective = Objective(x, y, hinge, beta, bias, w, b, a, c);
            if (best is null || objective < best.Objective) best = new Trained(w, b, a, c, objective);
        }
        return best!;
    }

    public static double Objective(double[][] x, double[] y, bool hinge, double beta, BiasMode bias,
        double[,] w, double[] b, double[] a, double c) =>
        Objective(x, y, hinge ? LossKind.Hinge : LossKind.Squared, beta, bias, w, b, a, c);

    public static double Objective(double[][] x, double[] y, LossKind lossKind, double beta, BiasMode bias,
        double[,] w, double[] b, double[] a, double c)
    {
        int n = x.Length, d = x[0].Length, m = a.Length;
        double loss = 0, reg = 0;
        for (int k = 0; k < n; k++)
        {
            double f = c;
            for (int j = 0; j < m; j++)
            {
                double z = bias == BiasMode.None ? 0 : b[j];
                for (int i = 0; i < d; i++) z += w[j, i] * x[k][i];
                f += a[j] * Math.Max(0, z);
            }
            loss += lossKind switch
            {
                LossKind.Hinge => Math.Max(0, 1 - y[k] * f),
                LossKind.Logistic => Softplus(-y[k] * f),
                _ => 0.5 * (f - y[k]) * (f - y[k]),
            };
        }
        for (int j = 0; j < m; j++)
        {
            for (int i = 0; i < d; i++) reg += w[j, i] * w[j, i];
            if (bias == BiasMode.Regularized) reg += b[j] * b[j];
            reg += a[j] * a[j];
        }
        return loss + 0.5 * beta * reg;
    }

    /// <summary>One Adam run; the lowest objective seen on the way, and the final parameters in <paramref name="final"/>.</summary>
    private static double Train(double[][] x, double[] y, LossKind loss, double beta, BiasMode bias, Options o, Random rng,
        double[]? final = null)
    {
        int n = x.Length, d = x[0].Length, m = o.Width;
        int dim = m * d + m + m + 1; // w, b, a, c
        var theta = final ?? new double[dim];
        for (int i = 0; i < m * d + m + m; i++) theta[i] = Gaussian(rng) * 0.5;
        var mom = new double[dim];
        var vel = new double[dim];
        var grad = new double[dim];
        double best = double.PositiveInfinity;
        const double b1 = 0.9, b2 = 0.999, eps = 1e-12;
        for (int step = 1; step <= o.Steps; step++)
        {
            double obj = Gradient(x, y, loss, beta, bias, theta, grad, m, d);
            best = Math.Min(best, obj);
            // A step-decayed rate lets Adam settle to high accuracy near the end.
            double lr = o.LearningRate * Math.Pow(0.5, Math.Floor(6.0 * step / o.Steps));
            for (int i = 0; i < dim; i++)
            {
                mom[i] = b1 * mom[i] + (1 - b1) * grad[i];
                vel[i] = b2 * vel[i] + (1 - b2) * grad[i] * grad[i];
                double mh = mom[i] / (1 - Math.Pow(b1, step)), vh = vel[i] / (1 - Math.Pow(b2, step));
                theta[i] -= lr * mh / (Math.Sqrt(vh) + eps);
            }
        }
        return Math.Min(best, Gradient(x, y, loss, beta, bias, theta, grad, m, d));
    }

    /// <summary>Objective and (sub)gradient at theta = [w (m×d), b (m), a (m), c].</summary>
    private static double Gradient(double[][] x, double[] y, LossKind lossKind, double beta, BiasMode bias, double[] t, double[] g, int m, int d)
    {
        Array.Clear(g);
        int bo = m * d, ao = bo + m, co = ao + m;
        bool useBias = bias != BiasMode.None, useOffset = bias == BiasMode.Unregularized;
        double c = useOffset ? t[co] : 0;
        double loss = 0;
        var z = new double[m];
        for (int k = 0; k < x.Length; k++)
        {
            double f = c;
            for (int j = 0; j < m; j++)
            {
                double s = useBias ? t[bo + j] : 0;
                for (int i = 0; i < d; i++) s += t[j * d + i] * x[k][i];
                z[j] = s;
                if (s > 0) f += t[ao + j] * s;
            }
            double r;
            if (lossKind == LossKind.Logistic)
            {
                double margin = y[k] * f;
                loss += Softplus(-margin);
                r = -y[k] / (1 + Math.Exp(margin)); // d/df log(1 + e^(−yf))
            }
            else if (lossKind == LossKind.Hinge)
            {
                double margin = 1 - y[k] * f;
                loss += Math.Max(0, margin);
                r = margin > 0 ? -y[k] : 0;
            }
            else
            {
                r = f - y[k];
                loss += 0.5 * r * r;
            }
            if (r == 0) continue;
            if (useOffset) g[co] += r;
            for (int j = 0; j < m; j++)
            {
                if (z[j] <= 0) continue;
                g[ao + j] += r * z[j];
                double ra = r * t[ao + j];
                if (useBias) g[bo + j] += ra;
                for (int i = 0; i < d; i++) g[j * d + i] += ra * x[k][i];
            }
        }
        double reg = 0;
        for (int j = 0; j < m; j++)
        {
            for (int i = 0; i < d; i++)
            {
                reg += t[j * d + i] * t[j * d + i];
                g[j * d + i] += beta * t[j * d + i];
            }
            if (bias == BiasMode.Regularized)
            {
                reg += t[bo + j] * t[bo + j];
                g[bo + j] += beta * t[bo + j];
            }
            reg += t[ao + j] * t[ao + j];
            g[ao + j] += beta * t[ao + j];
        }
        return loss + 0.5 * beta * reg;
    }

    private static double Softplus(double z) => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
