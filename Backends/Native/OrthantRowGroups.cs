namespace ConicDsl.Backends.Native;

/// <summary>
/// The nonnegative-orthant rows of A grouped by their column pattern. An orthant row r adds f_r·a_r a_rᵀ to the
/// reduced KKT matrix (f_r = 1/w_r²), so rows with the same columns add to the same small dense block: summing
/// Σ_r f_r a_r a_rᵀ per group first touches the (sparse) matrix once per group instead of once per row. The compiled
/// two-layer ReLU programs have about n·P sign rows (2·10⁶ at n = 2 000, P = 500) over 2P column sets.
/// </summary>
internal sealed class OrthantRowGroups
{
    /// <summary>Group g has columns Columns[g] (ascending) and rows Rows[g]; every row's entries in CSR are in that
    /// column order.</summary>
    public int[][] Columns { get; }
    public int[][] Rows { get; }

    public OrthantRowGroups(int firstRow, int rowCount, int[] rowPtr, int[] colIdx)
    {
        var byPattern = new Dictionary<int, List<int>>(new RowPatternComparer(rowPtr, colIdx));
        var order = new List<List<int>>();
        for (int r = firstRow; r < firstRow + rowCount; r++)
        {
            if (rowPtr[r + 1] == rowPtr[r]) continue;
            if (!byPattern.TryGetValue(r, out var rows))
            {
                byPattern[r] = rows = new List<int>();
                order.Add(rows);
            }
            rows.Add(r);
        }
        Rows = order.Select(l => l.ToArray()).ToArray();
        Columns = Rows.Select(rows => colIdx[rowPtr[rows[0]]..rowPtr[rows[0] + 1]]).ToArray();
    }

    /// <summary>Two rows are equal when their column lists are.</summary>
    private sealed class RowPatternComparer(int[] rowPtr, int[] colIdx) : IEqualityComparer<int>
    {
        private ReadOnlySpan<int> Pattern(int r) => colIdx.AsSpan(rowPtr[r], rowPtr[r + 1] - rowPtr[r]);

        public bool Equals(int a, int b) => Pattern(a).SequenceEqual(Pattern(b));

        public int GetHashCode(int r)
        {
            var h = new HashCode();
            foreach (int c in Pattern(r)) h.Add(c);
            return h.ToHashCode();
        }
    }
}
