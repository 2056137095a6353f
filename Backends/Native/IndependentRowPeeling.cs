using ConicDsl.Conic;

namespace ConicDsl.Backends.Native;

/// <summary>
/// Equality rows that are linearly independent of all the others for a structural reason, found in O(nnz): a row
/// that holds the only nonzero of some column among the remaining rows cannot take part in a dependency (any
/// combination that cancels that column gives the row weight 0), so it is set aside and the test repeats on the rest
/// (the peeling of a triangular block). The first row peeled in a would-be dependency is the contradiction: every other
/// row in it was still present, hence zero in its column. What is left (the core) is what <see cref="EqualityPresolve"/>
/// must examine numerically. The compiled networks' output rows ŷ_j = Σ … each own the column ŷ_j, so their core is
/// empty and the dense Gram–Schmidt (O(z²n), minutes at z = 2 000, n = 13 000) is skipped.
/// A column counts for a row only when its entry is at least <see cref="RelativePivot"/> of the row's largest: the
/// row's distance to the span of the others is then at least that entry, far above the presolve's dependence
/// tolerance, so no row is set aside that the numerical test could call dependent.
/// </summary>
internal static class IndependentRowPeeling
{
    public const double RelativePivot = 1e-6;

    /// <returns>The equality rows (ascending) that are not structurally independent.</returns>
    public static int[] Core(SparseMatrix a, int equalityRows)
    {
        int z = equalityRows;
        var rowsOfColumn = new List<(int Row, double Value)>[a.Columns];
        var rowMax = new double[z];
        var rowColumns = new List<int>[z];
        for (int r = 0; r < z; r++) rowColumns[r] = new List<int>();
        for (int c = 0; c < a.Columns; c++)
            for (int p = a.ColumnPointers[c]; p < a.ColumnPointers[c + 1]; p++)
            {
                int r = a.RowIndices[p];
                if (r >= z || a.Values[p] == 0) continue;
                (rowsOfColumn[c] ??= new List<(int, double)>()).Add((r, a.Values[p]));
                rowColumns[r].Add(c);
                rowMax[r] = Math.Max(rowMax[r], Math.Abs(a.Values[p]));
            }
        var remaining = new int[a.Columns];
        var queue = new Queue<int>();
        for (int c = 0; c < a.Columns; c++)
        {
            remaining[c] = rowsOfColumn[c]?.Count ?? 0;
            if (remaining[c] == 1) queue.Enqueue(c);
        }
        var peeled = new bool[z];
        while (queue.TryDequeue(out int c))
        {
            if (remaining[c] != 1) continue;
            foreach (var (r, v) in rowsOfColumn[c]!)
            {
                if (peeled[r]) continue;
                if (Math.Abs(v) < RelativePivot * rowMax[r]) break;
                peeled[r] = true;
                foreach (int c2 in rowColumns[r])
                    if (--remaining[c2] == 1) queue.Enqueue(c2);
                break;
            }
        }
        return Enumerable.Range(0, z).Where(r => !peeled[r]).ToArray();
    }
}
