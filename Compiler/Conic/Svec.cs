namespace ConicDsl.Conic;

/// <summary>
/// The svec map of the standard form's PSD cones: symmetric k×k matrix ↔ vector of length k(k+1)/2 holding the
/// lower triangle column by column, off-diagonal entries scaled by √2 (so the inner products agree).
/// </summary>
public static class Svec
{
    public static readonly double Sqrt2 = Math.Sqrt(2);

    /// <summary>Index in svec of entry (i, j) of the lower triangle (i ≥ j) of an order-k matrix.</summary>
    public static int Index(int order, int i, int j)
    {
        if (i < j) (i, j) = (j, i);
        return j * order - j * (j - 1) / 2 + (i - j);
    }

    public static double[,] ToMatrix(ReadOnlySpan<double> v, int order)
    {
        var m = new double[order, order];
        for (int j = 0; j < order; j++)
            for (int i = j; i < order; i++)
            {
                double e = v[Index(order, i, j)];
                if (i != j) e /= Sqrt2;
                m[i, j] = e;
                m[j, i] = e;
            }
        return m;
    }

    public static void FromMatrix(double[,] m, Span<double> v)
    {
        int order = m.GetLength(0);
        for (int j = 0; j < order; j++)
            for (int i = j; i < order; i++)
                v[Index(order, i, j)] = i == j ? m[i, j] : Sqrt2 * 0.5 * (m[i, j] + m[j, i]);
    }
}
