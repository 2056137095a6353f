using System.Numerics;

namespace ConicDsl.Compiler.Patterns;

/// <summary>
/// Exact proof that an open cell {w : c_iᵀw &gt; 0 for all i} is empty, by Gordan's alternative: the cell is empty iff
/// some y ≥ 0, y ≠ 0 has Σ_i y_i c_i = 0 (if w were in the cell, Σ y_i c_iᵀw would be both positive and 0). Given a
/// few columns c_i (the support a floating-point LP suggests), the candidate is the null vector of [c_i] when that
/// null space is one-dimensional, by Cramer's rule on an exactly nonsingular minor; it counts only after the exact
/// check y ≥ 0, y ≠ 0, Σ y_i c_i = 0 in BigInteger.
/// </summary>
internal static class GordanCertificate
{
    /// <summary>Nonnegative, nonzero weights with Σ y_i <paramref name="columns"/>[i] = 0, or null if none was found.</summary>
    public static BigInteger[]? TryFind(IReadOnlyList<BigInteger[]> columns)
    {
        int s = columns.Count;
        if (s == 0) return null;
        int dimension = columns[0].Length;
        var matrixRows = new BigInteger[dimension][];
        for (int j = 0; j < dimension; j++)
        {
            matrixRows[j] = new BigInteger[s];
            for (int i = 0; i < s; i++) matrixRows[j][i] = columns[i][j];
        }
        int[] independent = ExactArithmetic.PivotColumns(matrixRows, s);
        int rank = independent.Length;
        if (s - rank != 1) return null;
        int free = Enumerable.Range(0, s).First(i => Array.IndexOf(independent, i) < 0);
        int[] rowsOfMinor = ExactArithmetic.PivotColumns(independent.Select(i => columns[i]).ToArray(), dimension);

        // Minor A (rank × rank) of the independent columns; y_free = det A, y_independent[b] = −det A_b(column free).
        var minor = new BigInteger[rank][];
        for (int a = 0; a < rank; a++)
            minor[a] = independent.Select(i => columns[i][rowsOfMinor[a]]).ToArray();
        var y = new BigInteger[s];
        y[free] = ExactArithmetic.Determinant(minor);
        for (int b = 0; b < rank; b++)
        {
            var replaced = new BigInteger[rank][];
            for (int a = 0; a < rank; a++)
            {
                replaced[a] = (BigInteger[])minor[a].Clone();
                replaced[a][b] = columns[free][rowsOfMinor[a]];
            }
            y[independent[b]] = -ExactArithmetic.Determinant(replaced);
        }
        if (y.Any(v => v.Sign < 0)) for (int i = 0; i < s; i++) y[i] = -y[i];
        return Verifies(columns, y) ? y : null;
    }

    /// <summary>The certificate's definition, checked exactly: y ≥ 0, y ≠ 0, Σ y_i c_i = 0.</summary>
    public static bool Verifies(IReadOnlyList<BigInteger[]> columns, BigInteger[] y)
    {
        if (y.Any(v => v.Sign < 0) || y.All(v => v.IsZero)) return false;
        for (int j = 0; j < columns[0].Length; j++)
        {
            BigInteger sum = BigInteger.Zero;
            for (int i = 0; i < columns.Count; i++) sum += y[i] * columns[i][j];
            if (!sum.IsZero) return false;
        }
        return true;
    }
}
