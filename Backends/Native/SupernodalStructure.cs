namespace ConicDsl.Backends.Native;

/// <summary>
/// The symbolic factorization behind <see cref="SupernodalLdl"/>: the matrix in its elimination order, the
/// elimination tree, and the columns of L grouped into fundamental supernodes — runs of consecutive columns j, j+1, …
/// where each is the parent of the previous one and has exactly one row fewer below the diagonal, so all of them
/// share one row structure and the supernode is a dense trapezoid. Each supernode is stored as a dense row-major
/// panel (its rows × its columns): its own columns first (the diagonal block, of which only the lower triangle is
/// used), then the rows below, ascending.
/// </summary>
internal sealed class SupernodalStructure
{
    public int Size { get; }

    /// <summary>Perm[k] = the caller's index eliminated k-th; InversePerm is its inverse.</summary>
    public int[] Perm { get; }
    public int[] InversePerm { get; }

    /// <summary>Supernode s has columns First[s] .. First[s + 1] − 1 (in elimination order).</summary>
    public int[] First { get; }

    /// <summary>Rows of supernode s are Rows[RowStart[s] .. RowStart[s + 1]), its own columns first.</summary>
    public int[] RowStart { get; }
    public int[] Rows { get; }

    /// <summary>Where supernode s's panel begins in the value array; panels are RowCount × Width, row-major.</summary>
    public long[] PanelStart { get; }

    /// <summary>The supernode that holds column k.</summary>
    public int[] SupernodeOf { get; }

    public int Count => First.Length - 1;

    /// <summary>Entries of L below the diagonal.</summary>
    public long FactorNonZeros { get; }

    /// <summary>Multiply-adds of one numeric factorization, Σ_c |L_c|² (column c of L updates |L_c|² entries).</summary>
    public double FactorWork { get; }

    public int Width(int s) => First[s + 1] - First[s];
    public int RowCount(int s) => RowStart[s + 1] - RowStart[s];

    /// <param name="lowerPattern">Every entry (i, j), i ≥ j, that will be assembled, in the caller's numbering.</param>
    /// <param name="permutation">perm[k] = the caller's index eliminated k-th.</param>
    public SupernodalStructure(int size, IReadOnlyList<(int I, int J)> lowerPattern, int[] permutation)
    {
        Size = size;
        Perm = permutation;
        InversePerm = new int[size];
        for (int k = 0; k < size; k++) InversePerm[permutation[k]] = k;

        // Upper triangle by columns (for the elimination tree) and the strictly lower part by columns (for the rows).
        var (ap, ai) = UpperByColumns(size, lowerPattern, InversePerm);
        var (parent, counts) = SparseLdl.EliminationTree(size, ap, ai);
        FactorWork = counts.Sum(c => (double)c * c);

        var first = new List<int> { 0 };
        for (int j = 1; j < size; j++)
            if (parent[j - 1] != j || counts[j - 1] != counts[j] + 1) first.Add(j);
        first.Add(size);
        First = first.ToArray();
        int count = First.Length - 1;
        SupernodeOf = new int[size];
        for (int s = 0; s < count; s++)
            for (int j = First[s]; j < First[s + 1]; j++) SupernodeOf[j] = s;

        // Rows below supernode s: its lower entries below its last column and its children's rows below it.
        // A child's row list is read once, when its parent is built (children come earlier in the order).
        var lowerRows = LowerRowsByColumn(size, ap, ai);
        var childHead = new int[count];
        var childNext = new int[count];
        Array.Fill(childHead, -1);
        var mark = new int[size];
        Array.Fill(mark, -1);
        var rowStart = new int[count + 1];
        var rows = new List<int>();
        var panelStart = new long[count + 1];
        long belowDiagonal = 0;
        var below = new List<int>();
        for (int s = 0; s < count; s++)
        {
            int f = First[s], l = First[s + 1] - 1, w = l - f + 1;
            below.Clear();
            for (int j = f; j <= l; j++)
                foreach (int i in lowerRows[j])
                    if (i > l && mark[i] != s)
                    {
                        mark[i] = s;
                        below.Add(i);
                    }
            for (int c = childHead[s]; c != -1; c = childNext[c])
                for (int t = rowStart[c] + Width(c); t < rowStart[c + 1]; t++)
                {
                    int i = rows[t];
                    if (i > l && mark[i] != s)
                    {
                        mark[i] = s;
                        below.Add(i);
                    }
                }
            below.Sort();
            rowStart[s] = rows.Count;
            for (int j = f; j <= l; j++) rows.Add(j);
            rows.AddRange(below);
            rowStart[s + 1] = rows.Count;
            if (below.Count != counts[l]) throw new InvalidOperationException("supernodal rows disagree with the column counts");
            int r = w + below.Count;
            panelStart[s + 1] = panelStart[s] + (long)r * w;
            belowDiagonal += (long)r * w - (long)w * (w + 1) / 2;
            if (below.Count > 0)
            {
                int p = SupernodeOf[below[0]];
                childNext[s] = childHead[p];
                childHead[p] = s;
            }
        }
        if (panelStart[count] > Array.MaxLength) throw new OutOfMemoryException("the supernodal factor needs more than 2³¹ values");
        RowStart = rowStart;
        Rows = rows.ToArray();
        PanelStart = panelStart;
        FactorNonZeros = belowDiagonal;
    }

    /// <summary>The permuted upper triangle (row ≤ column) by columns, rows sorted, duplicates kept out.</summary>
    internal static (int[] Ap, int[] Ai) UpperByColumns(int n, IReadOnlyList<(int I, int J)> lowerPattern, int[] iperm)
    {
        var ap = new int[n + 1];
        foreach (var (i, j) in lowerPattern) ap[Math.Max(iperm[i], iperm[j]) + 1]++;
        for (int c = 0; c < n; c++) ap[c + 1] += ap[c];
        var ai = new int[ap[n]];
        var next = ap[..^1].ToArray();
        foreach (var (i, j) in lowerPattern)
        {
            int pi = iperm[i], pj = iperm[j];
            ai[next[Math.Max(pi, pj)]++] = Math.Min(pi, pj);
        }
        for (int c = 0; c < n; c++) Array.Sort(ai, ap[c], ap[c + 1] - ap[c]);
        return (ap, ai);
    }

    /// <summary>For each column j, the rows i &gt; j of the lower triangle (the transpose of the strict upper part).</summary>
    private static int[][] LowerRowsByColumn(int n, int[] ap, int[] ai)
    {
        var count = new int[n];
        for (int c = 0; c < n; c++)
            for (int p = ap[c]; p < ap[c + 1]; p++)
                if (ai[p] < c) count[ai[p]]++;
        var result = new int[n][];
        for (int j = 0; j < n; j++) result[j] = new int[count[j]];
        Array.Clear(count);
        for (int c = 0; c < n; c++)
            for (int p = ap[c]; p < ap[c + 1]; p++)
                if (ai[p] < c) result[ai[p]][count[ai[p]]++] = c;
        return result;
    }

    /// <summary>Index of entry (row, column) of L's lower triangle in the value array, both in elimination order
    /// (row ≥ column); −1 when it is not in the structure.</summary>
    public long Locate(int row, int column)
    {
        int s = SupernodeOf[column];
        int f = First[s], w = First[s + 1] - f;
        int local;
        if (row < f + w) local = row - f;
        else
        {
            int lo = RowStart[s] + w, hi = RowStart[s + 1];
            int at = Array.BinarySearch(Rows, lo, hi - lo, row);
            if (at < 0) return -1;
            local = at - RowStart[s];
        }
        return PanelStart[s] + (long)local * w + (column - f);
    }
}
