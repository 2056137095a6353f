using ConicDsl.Compiler.Patterns;
using NUnit.Framework;

namespace ConicDsl.Tests.Compiler.Patterns;

/// <summary>Data generators and independent reference formulas for the pattern tests.</summary>
internal static class PatternTestData
{
    /// <summary>Gaussian entries (Box–Muller on System.Random); continuous data are in general position almost surely.</summary>
    public static double[,] Gaussian(int n, int d, int seed, bool bias)
    {
        var rng = new Random(seed);
        var x = new double[n, d + (bias ? 1 : 0)];
        for (int s = 0; s < n; s++)
        {
            for (int j = 0; j < d; j++)
                x[s, j] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            if (bias) x[s, d] = 1;
        }
        return x;
    }

    /// <summary>Cover's count 2·Σ_{k&lt;r} C(n−1, k), computed here with Pascal's triangle, not with the library's code.</summary>
    public static long CoverCount(int hyperplanes, int rank)
    {
        var pascal = new long[hyperplanes, hyperplanes];
        for (int i = 0; i < hyperplanes; i++)
        {
            pascal[i, 0] = 1;
            for (int k = 1; k <= i; k++) pascal[i, k] = pascal[i - 1, k - 1] + (k <= i - 1 ? pascal[i - 1, k] : 0);
        }
        long sum = 0;
        for (int k = 0; k < rank && k < hyperplanes; k++) sum += pascal[hyperplanes - 1, k];
        return 2 * sum;
    }

    public static double[,] FromRows(params double[][] rows)
    {
        var x = new double[rows.Length, rows[0].Length];
        for (int s = 0; s < rows.Length; s++)
            for (int j = 0; j < rows[0].Length; j++) x[s, j] = rows[s][j];
        return x;
    }

    public static double[,] AppendRows(double[,] x, params double[][] extra)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var y = new double[n + extra.Length, d];
        for (int s = 0; s < n; s++) for (int j = 0; j < d; j++) y[s, j] = x[s, j];
        for (int e = 0; e < extra.Length; e++) for (int j = 0; j < d; j++) y[n + e, j] = extra[e][j];
        return y;
    }

    public static double[] Row(double[,] x, int s) =>
        Enumerable.Range(0, x.GetLength(1)).Select(j => x[s, j]).ToArray();

    /// <summary>Each stored witness reproduces its pattern when 1[X̃w ≥ 0] is recomputed in doubles.</summary>
    public static void AssertWitnessesRealise(PatternSet set, double[,] x)
    {
        Assert.That(set.HasWitnesses, Is.True);
        for (int p = 0; p < set.Count; p++)
        {
            var w = set.Witness(p).ToArray();
            for (int s = 0; s < set.Samples; s++)
            {
                double dot = 0;
                for (int j = 0; j < w.Length; j++) dot += x[s, j] * w[j];
                Assert.That(dot >= 0, Is.EqualTo(set.IsActive(p, s)), $"pattern {p}, sample {s}, x̃ᵀw = {dot}");
            }
        }
    }

    public static void AssertSortedDistinctNonZero(PatternSet set)
    {
        for (int p = 0; p < set.Count; p++)
        {
            Assert.That(set.ActiveCount(p), Is.GreaterThan(0), "the all-zero pattern must be dropped");
            if (p == 0) continue;
            var a = set.ToArray(p - 1);
            var b = set.ToArray(p);
            int first = Enumerable.Range(0, a.Length).FirstOrDefault(s => a[s] != b[s], -1);
            Assert.That(first, Is.GreaterThanOrEqualTo(0), "duplicate pattern");
            Assert.That(a[first], Is.False, "patterns must be sorted lexicographically (0 before 1, sample 0 first)");
        }
    }

    public static HashSet<string> Keys(PatternSet set) =>
        Enumerable.Range(0, set.Count)
            .Select(p => new string(set.ToArray(p).Select(b => b ? '1' : '0').ToArray()))
            .ToHashSet();
}
