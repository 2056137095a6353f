using NUnit.Framework;
using ConicDsl.Conic;

namespace ConicDsl.Tests.Backends.Native;

/// <summary>
/// Random programs shaped like the compiler's output: few variables, many sparse inequality rows, small SOCs,
/// some equality rows, diagonal P on a small block. A random x₀ is made strictly feasible by construction and
/// the box |x| ≤ 10 keeps the program bounded, so the optimum exists.
/// </summary>
internal static class RandomPrograms
{
    public static ConicProgram Generate(int n, int nonnegRows, int socCount, int socDim, int equalities, int quadVars, int seed)
    {
        var rng = new Random(seed);
        var x0 = new double[n];
        for (int i = 0; i < n; i++) x0[i] = rng.NextDouble() * 2 - 1;
        var a = new List<(int, int, double)>();
        var b = new List<double>();
        double RowValue(List<(int, int, double)> terms) => terms.Sum(t => t.Item3 * x0[t.Item2]);
        List<(int, int, double)> RandomRow(int row, int nnz)
        {
            var cols = new HashSet<int>();
            while (cols.Count < Math.Min(nnz, n)) cols.Add(rng.Next(n));
            return cols.Select(c => (row, c, rng.NextDouble() * 2 - 1)).ToList();
        }

        for (int r = 0; r < equalities; r++)
        {
            var t = RandomRow(b.Count, 20);
            a.AddRange(t);
            b.Add(RowValue(t));
        }
        int box = Math.Min(2 * n, nonnegRows);
        for (int r = 0; r < box; r++)
        {
            int v = r % n;
            double sign = r < n ? 1 : -1;
            a.Add((b.Count, v, sign));
            b.Add(10);
        }
        for (int r = box; r < nonnegRows; r++)
        {
            var t = RandomRow(b.Count, 3);
            a.AddRange(t);
            b.Add(RowValue(t) + 0.1 + rng.NextDouble());
        }
        for (int k = 0; k < socCount; k++)
        {
            var tail = new double[socDim - 1];
            for (int i = 0; i < tail.Length; i++) tail[i] = rng.NextDouble() - 0.5;
            double head = Math.Sqrt(tail.Sum(v => v * v)) + 0.5;
            for (int i = 0; i < socDim; i++)
            {
                var t = RandomRow(b.Count, 3);
                a.AddRange(t);
                b.Add(RowValue(t) + (i == 0 ? head : tail[i - 1]));
            }
        }
        var c = new double[n];
        for (int i = 0; i < n; i++) c[i] = rng.NextDouble() * 2 - 1;
        var p = new List<(int, int, double)>();
        for (int i = 0; i < Math.Min(quadVars, n); i++) p.Add((i, i, 0.5 + rng.NextDouble()));
        return NativeTestPrograms.Make(n, a, b.ToArray(), c, equalities, nonnegRows,
            Enumerable.Repeat(socDim, socCount).ToArray(), p.Count > 0 ? p : null);
    }
}
