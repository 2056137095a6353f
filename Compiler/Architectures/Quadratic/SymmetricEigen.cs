namespace ConicDsl.Compiler.Architectures.Quadratic;

/// <summary>
/// Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations: the lifted matrices of math.md §8 have
/// order d+1, and Jacobi's accuracy on small eigenvalues matters more here than speed.
/// </summary>
public static class SymmetricEigen
{
    /// <summary>Eigenvalues and unit eigenvectors (column i of <c>Vectors</c> belongs to <c>Values[i]</c>).</summary>
    public static (double[] Values, double[,] Vectors) Decompose(double[,] matrix)
    {
        int k = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var v = new double[k, k];
        for (int i = 0; i < k; i++) v[i, i] = 1;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, total = 0;
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                {
                    total += a[i, j] * a[i, j];
                    if (i != j) off += a[i, j] * a[i, j];
                }
            if (off <= 1e-32 * total || off == 0) break;
            for (int p = 0; p < k - 1; p++)
                for (int q = p + 1; q < k; q++)
                    Rotate(a, v, p, q);
        }
        var values = new double[k];
        for (int i = 0; i < k; i++) values[i] = a[i, i];
        return (values, v);
    }

    private static void Rotate(double[,] a, double[,] v, int p, int q)
    {
        double apq = a[p, q];
        if (apq == 0) return;
        double theta = (a[q, q] - a[p, p]) / (2 * apq);
        double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
        int k = a.GetLength(0);
        for (int r = 0; r < k; r++)
        {
            double arp = a[r, p], arq = a[r, q];
            a[r, p] = c * arp - s * arq;
            a[r, q] = s * arp + c * arq;
        }
        for (int r = 0; r < k; r++)
        {
            double apr = a[p, r], aqr = a[q, r];
            a[p, r] = c * apr - s * aqr;
            a[q, r] = s * apr + c * aqr;
        }
        for (int r = 0; r < k; r++)
        {
            double vrp = v[r, p], vrq = v[r, q];
            v[r, p] = c * vrp - s * vrq;
            v[r, q] = s * vrp + c * vrq;
        }
    }
}
