namespace ConicDsl.Compiler.Certificates;

/// <summary>
/// Euclidean projection onto a polyhedral cone K = {u : Gu ≥ 0} (math.md §10.1: the pattern cone of D is G = (2D − I)X̃).
/// By Moreau, g = Π_K(g) + Π_K°(g) with K° = {−Gᵀμ : μ ≥ 0}, so Π_K(g) = g + Gᵀμ* where μ* solves the non-negative
/// least-squares problem min_{μ ≥ 0} ‖Gᵀμ + g‖². That problem is solved exactly (up to rounding) by Lawson and Hanson's
/// active-set method, which ends after finitely many steps — no tolerance-driven iteration as in an interior-point solve.
/// </summary>
public static class PolyhedralConeProjection
{
    /// <summary>Π_K(g) for K = {u : Gu ≥ 0}; <paramref name="g"/> has G's column count.</summary>
    public static double[] Project(double[,] cone, ReadOnlySpan<double> g)
    {
        int m = cone.GetLength(0), d = cone.GetLength(1);
        if (g.Length != d) throw new ArgumentException("g must have one entry per column of the cone matrix");
        var target = new double[d]; // b = −g in min ‖Aμ − b‖, A = Gᵀ (d × m)
        for (int j = 0; j < d; j++) target[j] = -g[j];
        var mu = Nnls(cone, target);
        var u = g.ToArray();
        for (int k = 0; k < m; k++)
        {
            if (mu[k] == 0) continue;
            for (int j = 0; j < d; j++) u[j] += cone[k, j] * mu[k];
        }
        return u;
    }

    /// <summary>‖v‖₂.</summary>
    public static double Norm(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var e in v) s += e * e;
        return Math.Sqrt(s);
    }

    /// <summary>Lawson–Hanson NNLS for min ‖Aμ − b‖, μ ≥ 0, with A = Gᵀ given as G (rows of G are A's columns).</summary>
    private static double[] Nnls(double[,] g, double[] b)
    {
        int m = g.GetLength(0), d = g.GetLength(1);
        var mu = new double[m];
        var passive = new bool[m];
        var blocked = new bool[m]; // entered but numerically dependent on the passive columns; retried after μ moves
        var residual = (double[])b.Clone(); // b − Aμ
        double scale = 0;
        for (int k = 0; k < m; k++)
        {
            double row = 0;
            for (int j = 0; j < d; j++) row += g[k, j] * g[k, j];
            scale = Math.Max(scale, Math.Sqrt(row));
        }
        double tolerance = 1e-13 * Math.Max(1, scale) * Math.Max(1e-300, PolyhedralConeProjection.Norm(b)) + 1e-300;
        int maxOuter = 3 * m + 10;
        for (int outer = 0; outer < maxOuter; outer++)
        {
            // w = Aᵀ(b − Aμ): the negative gradient; an inactive index with w > 0 can lower the residual.
            int enter = -1;
            double best = tolerance;
            for (int k = 0; k < m; k++)
            {
                if (passive[k] || blocked[k]) continue;
                double w = 0;
                for (int j = 0; j < d; j++) w += g[k, j] * residual[j];
                if (w > best) { best = w; enter = k; }
            }
            if (enter < 0) break;
            passive[enter] = true;
            for (int inner = 0; inner < maxOuter; inner++)
            {
                var z = LeastSquares(g, b, passive);
                if (z is null)
                {
                    passive[enter] = false;
                    blocked[enter] = true;
                    break;
                }
                Array.Clear(blocked);
                double step = 1;
                int leaving = -1;
                for (int k = 0; k < m; k++)
                {
                    if (!passive[k] || z[k] > 0) continue;
                    double t = mu[k] / (mu[k] - z[k]);
                    if (t < step) { step = t; leaving = k; }
                }
                for (int k = 0; k < m; k++) if (passive[k]) mu[k] += step * (z[k] - mu[k]);
                if (leaving < 0) break;
                for (int k = 0; k < m; k++)
                    if (passive[k] && (k == leaving || mu[k] <= 0)) { passive[k] = false; mu[k] = 0; }
            }
            Array.Copy(b, residual, d);
            for (int k = 0; k < m; k++)
            {
                if (mu[k] == 0) continue;
                for (int j = 0; j < d; j++) residual[j] -= g[k, j] * mu[k];
            }
        }
        return mu;
    }

    /// <summary>The unconstrained least-squares coefficients on the passive columns (normal equations, Cholesky);
    /// null when those columns are numerically dependent.</summary>
    private static double[]? LeastSquares(double[,] g, double[] b, bool[] passive)
    {
        int m = g.GetLength(0), d = g.GetLength(1);
        var index = Enumerable.Range(0, m).Where(k => passive[k]).ToArray();
        int p = index.Length;
        if (p > d) return null;
        var normal = new double[p, p];
        var rhs = new double[p];
        double diagonal = 0;
        for (int a = 0; a < p; a++)
        {
            for (int c = 0; c <= a; c++)
            {
                double s = 0;
                for (int j = 0; j < d; j++) s += g[index[a], j] * g[index[c], j];
                normal[a, c] = s;
            }
            double r = 0;
            for (int j = 0; j < d; j++) r += g[index[a], j] * b[j];
            rhs[a] = r;
            diagonal = Math.Max(diagonal, normal[a, a]);
        }
        // Cholesky in place (lower triangle).
        for (int a = 0; a < p; a++)
        {
            for (int c = 0; c <= a; c++)
            {
                double s = normal[a, c];
                for (int k = 0; k < c; k++) s -= normal[a, k] * normal[c, k];
                if (a == c)
                {
                    if (s <= 1e-12 * diagonal) return null;
                    normal[a, a] = Math.Sqrt(s);
                }
                else normal[a, c] = s / normal[c, c];
            }
        }
        var y = new double[p];
        for (int a = 0; a < p; a++)
        {
            double s = rhs[a];
            for (int k = 0; k < a; k++) s -= normal[a, k] * y[k];
            y[a] = s / normal[a, a];
        }
        for (int a = p - 1; a >= 0; a--)
        {
            double s = y[a];
            for (int k = a + 1; k < p; k++) s -= normal[k, a] * y[k];
            y[a] = s / normal[a, a];
        }
        var z = new double[m];
        for (int a = 0; a < p; a++) z[index[a]] = y[a];
        return z;
    }
}
