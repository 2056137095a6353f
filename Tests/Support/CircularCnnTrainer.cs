namespace ConicDsl.Tests.Support;

/// <summary>
/// The independent reference for the circular CNN tests: trains the non-convex network of math.md §5.4–§5.6
/// directly, sharing no code with the compiler (its own circular correlation, its own backpropagation, no Fourier
/// transform anywhere). Per chain j, on a rows × columns grid with C input channels:
/// <code>
/// h = Σ_ch c_{1,j,ch} ⋆ x_ch,  h ← c_{l,j} ⋆ h (l = 2..k),  z_j = ⟨w_j, h⟩,   (c ⋆ x)_a = Σ_b c_b x_{(a+b) mod d}
/// ReLU:   f = Σ_j α_j max(0, z_j),  objective ½Σ(f − y)² + (β/2)Σ_j(‖w_j‖² + α_j²),  every filter kept in ‖c‖ ≤ 1
/// linear: f = Σ_j z_j (k = 1),       objective ½Σ(f − y)² + (β/2)Σ_j(‖c_j‖² + ‖w_j‖²)
/// </code>
/// A projected gradient method for the constraint ‖c‖ ≤ 1 (ReLU networks): the gradient of each filter on the
/// boundary is projected onto the ball's tangent cone, a full-batch Adam step with a step-decayed rate is taken,
/// and every filter is projected back onto its unit ball; from random starts. (Without the tangent-cone step,
/// Adam's per-coordinate scaling turns the outward push on active filters into a drift along the sphere and stalls
/// ~1e-3 above the optimum.)
/// </summary>
public static class CircularCnnTrainer
{
    public sealed record Shape(int Rows, int Columns, int Channels, int CircularLayers, bool Relu)
    {
        public int Length => Rows * Columns;
    }

    public sealed record Options(int Width = 8, int Restarts = 20, int Steps = 10000, double LearningRate = 0.05, int Seed = 2024);

    /// <summary>The best objective over all restarts (every iterate is feasible, so each value is attained).</summary>
    public static double BestObjective(double[][] x, double[] y, double beta, Shape shape, Options o)
    {
        var rng = new Random(o.Seed);
        double best = double.PositiveInfinity;
        for (int r = 0; r < o.Restarts; r++) best = Math.Min(best, Train(x, y, beta, shape, o, rng));
        return best;
    }

    private sealed class Layout(Shape s, int width)
    {
        public readonly int D = s.Length;
        public readonly int First = s.Channels * s.Length;
        public readonly int PerChain = s.Channels * s.Length + (s.CircularLayers - 1) * s.Length + s.Length + 1;
        public int Chain(int j) => j * PerChain;
        public int Later(int j, int l) => Chain(j) + First + (l - 2) * D;   // l = 2..k
        public int Dense(int j) => Chain(j) + First + (s.CircularLayers - 1) * D;
        public int Alpha(int j) => Dense(j) + D;
        public int Size => width * PerChain;
    }

    private static double Train(double[][] x, double[] y, double beta, Shape s, Options o, Random rng)
    {
        var lay = new Layout(s, o.Width);
        var t = new double[lay.Size];
        for (int i = 0; i < t.Length; i++) t[i] = 0.5 * Gaussian(rng);
        if (s.Relu) Project(t, s, lay, o.Width, normalise: true);
        var grad = new double[t.Length];
        var m1 = new double[t.Length];
        var m2 = new double[t.Length];
        const double b1 = 0.9, b2 = 0.999, eps = 1e-12;
        double best = double.PositiveInfinity;
        for (int step = 1; step <= o.Steps; step++)
        {
            best = Math.Min(best, Gradient(x, y, beta, s, lay, o.Width, t, grad));
            if (s.Relu) TangentCone(t, grad, s, lay, o.Width);
            double lr = o.LearningRate * Math.Pow(0.5, Math.Floor(6.0 * step / o.Steps));
            for (int i = 0; i < t.Length; i++)
            {
                m1[i] = b1 * m1[i] + (1 - b1) * grad[i];
                m2[i] = b2 * m2[i] + (1 - b2) * grad[i] * grad[i];
                t[i] -= lr * (m1[i] / (1 - Math.Pow(b1, step))) / (Math.Sqrt(m2[i] / (1 - Math.Pow(b2, step))) + eps);
            }
            if (s.Relu) Project(t, s, lay, o.Width, normalise: false);
        }
        return Math.Min(best, Gradient(x, y, beta, s, lay, o.Width, t, grad));
    }

    /// <summary>On a filter at the boundary ‖c‖ = 1 whose descent direction points outward, drop the gradient's
    /// normal component (the projection of −g onto the ball's tangent cone), so that the per-coordinate step
    /// scaling cannot turn a push against the constraint into a drift along it.</summary>
    private static void TangentCone(double[] t, double[] g, Shape s, Layout lay, int width)
    {
        for (int j = 0; j < width; j++)
        {
            Tangent(t, g, lay.Chain(j), lay.First);
            for (int l = 2; l <= s.CircularLayers; l++) Tangent(t, g, lay.Later(j, l), lay.D);
        }
    }

    private static void Tangent(double[] t, double[] g, int start, int length)
    {
        double norm2 = 0, dot = 0;
        for (int i = 0; i < length; i++)
        {
            norm2 += t[start + i] * t[start + i];
            dot += t[start + i] * g[start + i];
        }
        if (norm2 < 1 - 1e-9 || dot >= 0) return;
        for (int i = 0; i < length; i++) g[start + i] -= dot / norm2 * t[start + i];
    }

    /// <summary>Every filter onto ‖c‖ ≤ 1 (the first layer's filter bank as one vector); at the start onto the sphere.</summary>
    private static void Project(double[] t, Shape s, Layout lay, int width, bool normalise)
    {
        for (int j = 0; j < width; j++)
        {
            Scale(t, lay.Chain(j), lay.First, normalise);
            for (int l = 2; l <= s.CircularLayers; l++) Scale(t, lay.Later(j, l), lay.D, normalise);
        }
    }

    private static void Scale(double[] t, int start, int length, bool normalise)
    {
        double norm = 0;
        for (int i = 0; i < length; i++) norm += t[start + i] * t[start + i];
        norm = Math.Sqrt(norm);
        if (norm == 0 || (!normalise && norm <= 1)) return;
        for (int i = 0; i < length; i++) t[start + i] /= norm;
    }

    /// <summary>Parameters per network of <paramref name="width"/> chains (for <see cref="ObjectiveAndGradient"/>).</summary>
    public static int ParameterCount(Shape s, int width) => new Layout(s, width).Size;

    /// <summary>Objective and gradient at t (layout: per chain the first filter bank, the later filters, w, α).</summary>
    public static double ObjectiveAndGradient(double[][] x, double[] y, double beta, Shape s, int width, double[] t, double[] g) =>
        Gradient(x, y, beta, s, new Layout(s, width), width, t, g);

    private static double Gradient(double[][] x, double[] y, double beta, Shape s, Layout lay, int width, double[] t, double[] g)
    {
        Array.Clear(g);
        int d = lay.D, k = s.CircularLayers, n = x.Length;
        // hs[j][l]: chain j's activation after circular layer l + 1 for the current sample.
        var hs = new double[width][][];
        for (int j = 0; j < width; j++)
        {
            hs[j] = new double[k][];
            for (int l = 0; l < k; l++) hs[j][l] = new double[d];
        }
        var z = new double[width];
        var back = new double[d];
        var nextBack = new double[d];
        double loss = 0;
        for (int sample = 0; sample < n; sample++)
        {
            double f = 0;
            for (int j = 0; j < width; j++)
            {
                var h0 = hs[j][0];
                Array.Clear(h0);
                for (int ch = 0; ch < s.Channels; ch++)
                    Correlate(t, lay.Chain(j) + ch * d, x[sample], ch * d, s, h0);
                for (int l = 2; l <= k; l++)
                {
                    Array.Clear(hs[j][l - 1]);
                    Correlate(t, lay.Later(j, l), hs[j][l - 2], 0, s, hs[j][l - 1]);
                }
                double zj = 0;
                for (int a = 0; a < d; a++) zj += t[lay.Dense(j) + a] * hs[j][k - 1][a];
                z[j] = zj;
                f += s.Relu ? t[lay.Alpha(j)] * Math.Max(0, zj) : zj;
            }
            double r = f - y[sample];
            loss += 0.5 * r * r;
            for (int j = 0; j < width; j++)
            {
                double dz;
                if (s.Relu)
                {
                    if (z[j] <= 0) continue;
                    g[lay.Alpha(j)] += r * z[j];
                    dz = r * t[lay.Alpha(j)];
                }
                else dz = r;
                for (int a = 0; a < d; a++)
                {
                    g[lay.Dense(j) + a] += dz * hs[j][k - 1][a];
                    back[a] = dz * t[lay.Dense(j) + a];
                }
                for (int l = k; l >= 2; l--)
                {
                    // out = c ⋆ in: ∂/∂c_b = Σ_a back_a in_{a+b};  ∂/∂in_m = Σ_a back_a c_{m−a}.
                    CorrelateInto(back, hs[j][l - 2], 0, s, g, lay.Later(j, l));
                    Array.Clear(nextBack);
                    ConvolveAdjoint(t, lay.Later(j, l), back, s, nextBack);
                    Array.Copy(nextBack, back, d);
                }
                for (int ch = 0; ch < s.Channels; ch++)
                    CorrelateInto(back, x[sample], ch * d, s, g, lay.Chain(j) + ch * d);
            }
        }
        double reg = 0;
        for (int j = 0; j < width; j++)
        {
            for (int a = 0; a < d; a++)
            {
                double w = t[lay.Dense(j) + a];
                reg += w * w;
                g[lay.Dense(j) + a] += beta * w;
            }
            if (s.Relu)
            {
                double alpha = t[lay.Alpha(j)];
                reg += alpha * alpha;
                g[lay.Alpha(j)] += beta * alpha;
            }
            else
            {
                for (int i = 0; i < lay.First; i++)
                {
                    double c = t[lay.Chain(j) + i];
                    reg += c * c;
                    g[lay.Chain(j) + i] += beta * c;
                }
            }
        }
        return loss + 0.5 * beta * reg;
    }

    /// <summary>output_a += Σ_b c_b in_{a+b} with c = t[filter..], in = input[offset..].</summary>
    private static void Correlate(double[] t, int filter, double[] input, int offset, Shape s, double[] output)
    {
        for (int a1 = 0; a1 < s.Rows; a1++)
        for (int a2 = 0; a2 < s.Columns; a2++)
        {
            double sum = 0;
            for (int b1 = 0; b1 < s.Rows; b1++)
            for (int b2 = 0; b2 < s.Columns; b2++)
                sum += t[filter + b1 * s.Columns + b2] * input[offset + (a1 + b1) % s.Rows * s.Columns + (a2 + b2) % s.Columns];
            output[a1 * s.Columns + a2] += sum;
        }
    }

    /// <summary>g[target + b] += Σ_a back_a in_{a+b}: the gradient of a correlation with respect to its filter.</summary>
    private static void CorrelateInto(double[] back, double[] input, int offset, Shape s, double[] g, int target)
    {
        for (int b1 = 0; b1 < s.Rows; b1++)
        for (int b2 = 0; b2 < s.Columns; b2++)
        {
            double sum = 0;
            for (int a1 = 0; a1 < s.Rows; a1++)
            for (int a2 = 0; a2 < s.Columns; a2++)
                sum += back[a1 * s.Columns + a2] * input[offset + (a1 + b1) % s.Rows * s.Columns + (a2 + b2) % s.Columns];
            g[target + b1 * s.Columns + b2] += sum;
        }
    }

    /// <summary>output_m += Σ_a back_a c_{m−a}: the gradient of a correlation with respect to its input.</summary>
    private static void ConvolveAdjoint(double[] t, int filter, double[] back, Shape s, double[] output)
    {
        for (int m1 = 0; m1 < s.Rows; m1++)
        for (int m2 = 0; m2 < s.Columns; m2++)
        {
            double sum = 0;
            for (int a1 = 0; a1 < s.Rows; a1++)
            for (int a2 = 0; a2 < s.Columns; a2++)
                sum += back[a1 * s.Columns + a2] * t[filter + (m1 - a1 + s.Rows) % s.Rows * s.Columns + (m2 - a2 + s.Columns) % s.Columns];
            output[m1 * s.Columns + m2] += sum;
        }
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
