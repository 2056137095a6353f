namespace ConicDsl.Compiler.Architectures.Quadratic;

/// <summary>
/// ½‖Az − y‖² for a tall A (n × m, n &gt; m) as ½‖Rz − c‖² + ½r²: Householder reflections H (orthogonal) turn [A | y]
/// into [[R], [0]] and (c; e), and ‖Az − y‖ = ‖H(Az − y)‖, so r = ‖e‖. Exact for any rank of A. The squared loss of the
/// quadratic SDP then needs m prediction rows instead of n (the lifted data has only m = k(k+1)/2 columns).
/// </summary>
public static class LeastSquaresReduction
{
    public static (double[,] R, double[] C, double ResidualSquared) Reduce(double[,] a, ReadOnlySpan<double> y)
    {
        int n = a.GetLength(0), m = a.GetLength(1);
        if (n <= m) throw new ArgumentException("only a tall matrix is reduced");
        var w = (double[,])a.Clone();
        var t = y.ToArray();
        var v = new double[n];
        for (int j = 0; j < m; j++)
        {
            double norm = 0;
            for (int i = j; i < n; i++) norm += w[i, j] * w[i, j];
            norm = Math.Sqrt(norm);
            if (norm == 0) continue;
            double alpha = w[j, j] > 0 ? -norm : norm;
            double vv = 0;
            for (int i = j; i < n; i++)
            {
                v[i] = w[i, j] - (i == j ? alpha : 0);
                vv += v[i] * v[i];
            }
            if (vv == 0) continue;
            for (int col = j; col < m; col++) Reflect(w, col, v, j, n, vv);
            double dot = 0;
            for (int i = j; i < n; i++) dot += v[i] * t[i];
            double f = 2 * dot / vv;
            for (int i = j; i < n; i++) t[i] -= f * v[i];
        }
        var r = new double[m, m];
        for (int i = 0; i < m; i++)
            for (int col = i; col < m; col++)
                r[i, col] = w[i, col];
        double residual = 0;
        for (int i = m; i < n; i++) residual += t[i] * t[i];
        return (r, t[..m], residual);
    }

    private static void Reflect(double[,] w, int col, double[] v, int from, int n, double vv)
    {
        double dot = 0;
        for (int i = from; i < n; i++) dot += v[i] * w[i, col];
        double f = 2 * dot / vv;
        for (int i = from; i < n; i++) w[i, col] -= f * v[i];
    }
}
