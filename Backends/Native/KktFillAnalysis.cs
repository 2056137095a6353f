using ConicDsl.Conic;

namespace ConicDsl.Backends.Native;

/// <summary>
/// What <see cref="KktFactorizationChoice"/> will pick for a program's reduced KKT matrix (by its rule, or as the solve
/// option <c>kkt dense|sparse</c> forces), and the size of
/// that factorization, found without allocating it: the same pattern as <see cref="KktSystem"/>'s assembly (P, a clique
/// per nonnegative row, a clique per SOC, PSD and exponential block over the columns it touches, A_z, the diagonal),
/// the same <see cref="MinimumDegreeOrdering"/>, and the column counts of L from <see cref="SparseLdl.EliminationTree"/>.
/// The pattern and the ordering are what the solver computes first anyway; only the factor itself is left out.
/// </summary>
internal static class KktFillAnalysis
{
    /// <param name="Sparse">Whether the sparse LDLᵀ is chosen.</param>
    /// <param name="PatternEntries">Lower-triangle entries of the KKT matrix, diagonal included.</param>
    /// <param name="FactorNonZeros">Entries of L below the diagonal (0 when dense).</param>
    /// <param name="Reason">Why, in the words of the solver's verbose log.</param>
    public sealed record Plan(bool Sparse, int Order, long PatternEntries, long FactorNonZeros, string Reason);

    public static Plan Analyze(ConicProgram program, KktFactorization mode = KktFactorization.Auto)
    {
        int order = program.Variables + program.Cones.Zero;
        bool auto = mode == KktFactorization.Auto;
        if (mode == KktFactorization.Dense) return new Plan(false, order, 0, 0, "kkt dense asked for");
        if (auto && order < KktFactorizationChoice.SmallOrder) return new Plan(false, order, 0, 0, $"order below {KktFactorizationChoice.SmallOrder}");
        var pattern = Pattern(program);
        double lowerTriangle = 0.5 * order * (order + 1.0);
        if (auto && pattern.Count > KktFactorizationChoice.DensePatternFraction * lowerTriangle)
            return new Plan(false, order, pattern.Count, 0, $"pattern {pattern.Count / lowerTriangle:P0} full");
        var entries = pattern.Entries();
        var permutation = MinimumDegreeOrdering.Order(order, entries);
        if (permutation is null && auto) return new Plan(false, order, pattern.Count, 0, "minimum-degree ordering over its work budget");
        // Forced sparse keeps the given order when the ordering gives up, as the solver does.
        var counts = ColumnCounts(order, entries, permutation ?? Enumerable.Range(0, order).ToArray());
        long fill = counts.Sum(c => (long)c);
        double work = counts.Sum(c => (double)c * c);
        if (auto && work > KktFactorizationChoice.SparseWorkFraction * ((double)order * order * order / 3))
            return new Plan(false, order, pattern.Count, 0, $"sparse fill {fill} too large");
        return new Plan(true, order, pattern.Count, fill, auto ? $"{fill:N0} entries in L" : $"kkt sparse asked for, {fill:N0} entries in L");
    }

    /// <summary>The lower-triangle pattern <see cref="KktSystem"/> assembles, entry for entry.</summary>
    internal static KktPattern Pattern(ConicProgram program)
    {
        int n = program.Variables, z = program.Cones.Zero;
        var pattern = new KktPattern(n + z);
        if (program.P is { } p)
            foreach (var (r, c, _) in p.Entries()) pattern.Add(c, r, 0);
        var rows = ColumnsByRow(program.A);
        var cones = program.Cones;
        for (int r = z; r < z + cones.NonNegative; r++) AddClique(pattern, rows[r]);
        foreach (var (start, q) in cones.SecondOrderBlocks()) AddClique(pattern, BlockColumns(rows, start, q));
        foreach (var (start, k) in cones.PsdBlocks()) AddClique(pattern, BlockColumns(rows, start, ConeLayout.SvecLength(k)));
        foreach (var start in cones.ExponentialBlocks()) AddClique(pattern, BlockColumns(rows, start, 3));
        for (int r = 0; r < z; r++)
            foreach (int c in rows[r]) pattern.Add(n + r, c, 0);
        return pattern;
    }

    private static List<int> BlockColumns(List<int>[] rows, int start, int count)
    {
        var columns = new SortedSet<int>();
        for (int r = start; r < start + count; r++) columns.UnionWith(rows[r]);
        return columns.ToList();
    }

    /// <summary>Each row's columns, ascending (a column-order sweep keeps them sorted).</summary>
    private static List<int>[] ColumnsByRow(SparseMatrix a)
    {
        var rows = new List<int>[a.Rows];
        for (int r = 0; r < a.Rows; r++) rows[r] = new List<int>();
        for (int c = 0; c < a.Columns; c++)
            for (int p = a.ColumnPointers[c]; p < a.ColumnPointers[c + 1]; p++) rows[a.RowIndices[p]].Add(c);
        return rows;
    }

    private static void AddClique(KktPattern pattern, List<int> sortedColumns)
    {
        for (int u = 0; u < sortedColumns.Count; u++)
            for (int v = 0; v <= u; v++) pattern.Add(sortedColumns[u], sortedColumns[v], 0);
    }

    /// <summary>Column counts of L for the permuted matrix, from the permuted upper triangle as SparseLdl stores it.</summary>
    private static int[] ColumnCounts(int size, (int I, int J)[] lowerPattern, int[] permutation)
    {
        var iperm = new int[size];
        for (int k = 0; k < size; k++) iperm[permutation[k]] = k;
        var ap = new int[size + 1];
        foreach (var (i, j) in lowerPattern) ap[Math.Max(iperm[i], iperm[j]) + 1]++;
        for (int c = 0; c < size; c++) ap[c + 1] += ap[c];
        var ai = new int[ap[size]];
        var next = ap[..^1].ToArray();
        foreach (var (i, j) in lowerPattern)
        {
            int pi = iperm[i], pj = iperm[j];
            ai[next[Math.Max(pi, pj)]++] = Math.Min(pi, pj);
        }
        for (int c = 0; c < size; c++) Array.Sort(ai, ap[c], ap[c + 1] - ap[c]);
        return SparseLdl.EliminationTree(size, ap, ai).Counts;
    }
}
