using System.Numerics;
using ConicDsl.Compiler.Patterns;

namespace ConicDsl.Compiler.Architectures.Sizing;

/// <summary>
/// Nonzeros of D_i X̃ summed over patterns — Σ_i Σ_{k active in i} nnz(x̃_k) — by popcounts: the samples are grouped by
/// their row's nonzero count, so the cost is P·(d̃+1)·n/64 word operations and nothing of size n·P is allocated.
/// </summary>
public static class MaskedNonZeros
{
    public static long RowNonZeros(double[,] x, int row)
    {
        long c = 0;
        for (int j = 0; j < x.GetLength(1); j++)
            if (x[row, j] != 0) c++;
        return c;
    }

    /// <summary>Before enumeration: every sample active in each of <paramref name="patterns"/> patterns (an upper bound).</summary>
    public static long Bound(double[,] x, long patterns)
    {
        long total = 0;
        for (int k = 0; k < x.GetLength(0); k++) total += RowNonZeros(x, k);
        return patterns * total;
    }

    public static long Exact(double[,] x, PatternSet patterns)
    {
        int n = x.GetLength(0), d = x.GetLength(1), words = patterns.WordsPerPattern;
        var byCount = new ulong[d + 1][];
        for (int c = 0; c <= d; c++) byCount[c] = new ulong[words];
        for (int k = 0; k < n; k++) byCount[RowNonZeros(x, k)][k >> 6] |= 1UL << (k & 63);
        long total = 0;
        for (int i = 0; i < patterns.Count; i++)
        {
            var mask = patterns.Mask(i);
            for (int c = 1; c <= d; c++)
            {
                var group = byCount[c];
                long active = 0;
                for (int w = 0; w < words; w++) active += BitOperations.PopCount(mask[w] & group[w]);
                total += c * active;
            }
        }
        return total;
    }
}
