namespace ConicDsl.Compiler.Architectures.Quadratic;

/// <summary>
/// math.md §8.3: a PSD Z of order d+1 with ⟨G, Z⟩ = 0, G = Diag(I_d, −1), is a sum Σ_k z_k z_kᵀ of G-null vectors
/// (z_kᵀ G z_k = 0), at most rank Z of them. Each z = (w; ζ) with ζ ≠ 0 is a unit-norm neuron u = w/ζ of output weight
/// ±ζ² (‖w‖ = |ζ| is what G-null means). Steps: factor Z by its eigenvectors, then repeatedly rotate a pair p, q with
/// pᵀGp &gt; 0 &gt; qᵀGq into a G-null y and a remainder r with yyᵀ + rrᵀ = ppᵀ + qqᵀ.
/// </summary>
public static class NeuralDecomposition
{
    /// <summary>Default G-null test: |zᵀGz| ≤ this·‖z‖² (rounding of the rotations is far below it).</summary>
    public const double NullTolerance = 1e-10;

    /// <param name="z">PSD with ⟨G, Z⟩ = 0 (to solver accuracy: a residual ends up in the last vector).</param>
    /// <param name="cutoff">Eigenvalues ≤ cutoff·(largest eigenvalue) are left out of the factorisation.</param>
    /// <param name="nullTolerance">|zᵀGz| ≤ nullTolerance·‖z‖² counts as G-null. A solver's Z meets ⟨G, Z⟩ = 0 only to its
    /// accuracy, and so does a truncated one: a large factor off by that much is null for all practical purposes, and
    /// rotating it against a tiny one would only smear it into a spurious small neuron.</param>
    public static List<double[]> Decompose(double[,] z, double cutoff, double nullTolerance = NullTolerance)
    {
        int k = z.GetLength(0);
        var (values, vectors) = SymmetricEigen.Decompose(z);
        double largest = values.Length == 0 ? 0 : values.Max();
        var factors = new List<double[]>();
        for (int i = 0; i < k; i++)
        {
            if (!(values[i] > cutoff * largest) || values[i] <= 0) continue;
            double root = Math.Sqrt(values[i]);
            var p = new double[k];
            for (int r = 0; r < k; r++) p[r] = vectors[r, i] * root;
            factors.Add(p);
        }

        var output = new List<double[]>();
        while (true)
        {
            var open = factors.Where(p => !IsNull(p, nullTolerance)).ToList();
            output.AddRange(factors.Where(p => IsNull(p, nullTolerance)));
            factors = open;
            int plus = factors.FindIndex(p => GForm(p) > 0), minus = factors.FindIndex(p => GForm(p) < 0);
            if (plus < 0 || minus < 0) break;
            var (y, r) = Rotate(factors[plus], factors[minus]);
            output.Add(y);
            factors = factors.Where((_, i) => i != plus && i != minus).Append(r).ToList();
        }
        // What is left has one sign of zᵀGz and sums to ⟨G, Z⟩ ≈ 0: the solver's residual, kept rather than lost.
        output.AddRange(factors);
        return output;
    }

    /// <summary>zᵀGz = ‖z_{1:d}‖² − z_{d+1}².</summary>
    public static double GForm(ReadOnlySpan<double> z)
    {
        double s = -z[^1] * z[^1];
        for (int i = 0; i < z.Length - 1; i++) s += z[i] * z[i];
        return s;
    }

    private static bool IsNull(double[] z, double tolerance)
    {
        double norm = 0;
        foreach (var e in z) norm += e * e;
        return Math.Abs(GForm(z)) <= tolerance * norm;
    }

    /// <summary>The G-null y = (p + γq)/√(1+γ²) and r = (q − γp)/√(1+γ²): (p+γq)ᵀG(p+γq) = 0 is a quadratic in γ with
    /// leading coefficient qᵀGq &lt; 0 and constant pᵀGp &gt; 0, so it has two real roots of opposite sign; the smaller
    /// in magnitude is taken, from the cancellation-free formula.</summary>
    private static (double[] Y, double[] R) Rotate(double[] p, double[] q)
    {
        int k = p.Length;
        double cross = -p[^1] * q[^1];
        for (int i = 0; i < k - 1; i++) cross += p[i] * q[i];
        double a = GForm(q), b = 2 * cross, c = GForm(p);
        double root = Math.Sqrt(b * b - 4 * a * c);
        double half = -0.5 * (b + (b >= 0 ? root : -root));
        double g1 = half / a, g2 = c / half;
        double gamma = Math.Abs(g1) <= Math.Abs(g2) ? g1 : g2;
        double scale = 1 / Math.Sqrt(1 + gamma * gamma);
        var y = new double[k];
        var r = new double[k];
        for (int i = 0; i < k; i++)
        {
            y[i] = (p[i] + gamma * q[i]) * scale;
            r[i] = (q[i] - gamma * p[i]) * scale;
        }
        return (y, r);
    }
}
