namespace ConicDsl.Conic;

/// <summary>
/// The sizes of a conic program that memory estimates need, without its entries (docs/robustness.md, "Size guard"):
/// what <see cref="Of"/> counts on a built program, and what an architecture's size estimate predicts before
/// building one (<c>Compiler/Architectures/Sizing</c>). Counts are long: a refused estimate may not fit an int.
/// Shapes of disjoint parts of one program add (<see cref="op_Addition"/>).
/// </summary>
public sealed record ProgramShape
{
    public long Variables { get; init; }
    public long Rows { get; init; }
    public long ZeroRows { get; init; }
    public long NonNegativeRows { get; init; }
    public long SocBlocks { get; init; }
    public long SocRows { get; init; }
    /// <summary>Σ q² over second-order cones of dimension q (a backend that lifts them to dense blocks pays this).</summary>
    public long SocSquares { get; init; }
    public long PsdBlocks { get; init; }
    public long PsdRows { get; init; }
    /// <summary>Σ k² over PSD cones of matrix order k.</summary>
    public long PsdSquares { get; init; }
    public long ExpBlocks { get; init; }
    /// <summary>Entries of A.</summary>
    public long NonZeros { get; init; }
    /// <summary>Entries of A in the zero-cone rows (they become the off-diagonal block of the reduced KKT matrix).</summary>
    public long ZeroRowNonZeros { get; init; }
    /// <summary>Entries of P's upper triangle.</summary>
    public long QuadraticNonZeros { get; init; }
    /// <summary>
    /// An upper bound on the entries of the lower triangle of the interior-point method's reduced KKT matrix
    /// (Backends/Native KktSystem): its diagonal, P, A_z, and for each nonnegative row and each cone block the
    /// lower triangle of the clique over the columns it touches. Overlapping cliques are counted once each, hence a bound.
    /// </summary>
    public long KktEntries { get; init; }
    /// <summary>max over second-order and PSD blocks of p·q (p columns of A touching the block, q its rows): the
    /// column buffer the KKT assembly holds for the largest block.</summary>
    public long LargestBlockBuffer { get; init; }

    /// <summary>Order of the reduced KKT matrix: variables plus equality rows.</summary>
    public long KktOrder => Variables + ZeroRows;

    public long TotalNonZeros => NonZeros + QuadraticNonZeros;

    /// <summary>Bytes of the built <see cref="ConicProgram"/>: A and P in CSC (8-byte value, 4-byte index) and the
    /// vectors b and c.</summary>
    public long ProgramBytes => 12 * TotalNonZeros + 4 * (2 * Variables + 2) + 8 * (Rows + Variables);

    public static ProgramShape operator +(ProgramShape a, ProgramShape b) => new()
    {
        Variables = a.Variables + b.Variables,
        Rows = a.Rows + b.Rows,
        ZeroRows = a.ZeroRows + b.ZeroRows,
        NonNegativeRows = a.NonNegativeRows + b.NonNegativeRows,
        SocBlocks = a.SocBlocks + b.SocBlocks,
        SocRows = a.SocRows + b.SocRows,
        SocSquares = a.SocSquares + b.SocSquares,
        PsdBlocks = a.PsdBlocks + b.PsdBlocks,
        PsdRows = a.PsdRows + b.PsdRows,
        PsdSquares = a.PsdSquares + b.PsdSquares,
        ExpBlocks = a.ExpBlocks + b.ExpBlocks,
        NonZeros = a.NonZeros + b.NonZeros,
        ZeroRowNonZeros = a.ZeroRowNonZeros + b.ZeroRowNonZeros,
        QuadraticNonZeros = a.QuadraticNonZeros + b.QuadraticNonZeros,
        KktEntries = a.KktEntries + b.KktEntries,
        LargestBlockBuffer = Math.Max(a.LargestBlockBuffer, b.LargestBlockBuffer),
    };

    /// <summary>k disjoint copies of this part.</summary>
    public ProgramShape Times(long k) => new()
    {
        Variables = k * Variables,
        Rows = k * Rows,
        ZeroRows = k * ZeroRows,
        NonNegativeRows = k * NonNegativeRows,
        SocBlocks = k * SocBlocks,
        SocRows = k * SocRows,
        SocSquares = k * SocSquares,
        PsdBlocks = k * PsdBlocks,
        PsdRows = k * PsdRows,
        PsdSquares = k * PsdSquares,
        ExpBlocks = k * ExpBlocks,
        NonZeros = k * NonZeros,
        ZeroRowNonZeros = k * ZeroRowNonZeros,
        QuadraticNonZeros = k * QuadraticNonZeros,
        KktEntries = k * KktEntries,
        LargestBlockBuffer = k == 0 ? 0 : LargestBlockBuffer,
    };

    public static ProgramShape Of(ConicProgram program)
    {
        var cones = program.Cones;
        var a = program.A;
        int m = program.Constraints;
        var rowCount = new int[m];
        foreach (int r in a.RowIndices) rowCount[r]++;
        long zeroNonZeros = 0;
        for (int r = 0; r < cones.Zero; r++) zeroNonZeros += rowCount[r];
        long kkt = program.Variables + cones.Zero + (program.P?.NonZeros ?? 0) + zeroNonZeros;
        for (int r = cones.Zero; r < cones.Zero + cones.NonNegative; r++) kkt += Triangle(rowCount[r]);

        var blocks = new List<(int Start, int Rows)>();
        foreach (var (s, q) in cones.SecondOrderBlocks()) blocks.Add((s, q));
        foreach (var (s, k) in cones.PsdBlocks()) blocks.Add((s, ConeLayout.SvecLength(k)));
        foreach (var s in cones.ExponentialBlocks()) blocks.Add((s, 3));
        var columns = DistinctColumns(program, blocks);
        long largest = 0;
        for (int b = 0; b < blocks.Count; b++)
        {
            kkt += Triangle(columns[b]);
            // Exponential blocks are assembled from a fixed 3-row buffer; only SOC and PSD hold p·q.
            if (b < cones.SecondOrder.Length + cones.Psd.Length) largest = Math.Max(largest, columns[b] * blocks[b].Rows);
        }
        return new ProgramShape
        {
            Variables = program.Variables,
            Rows = m,
            ZeroRows = cones.Zero,
            NonNegativeRows = cones.NonNegative,
            SocBlocks = cones.SecondOrder.Length,
            SocRows = cones.SecondOrderRows,
            SocSquares = cones.SecondOrder.Sum(q => (long)q * q),
            PsdBlocks = cones.Psd.Length,
            PsdRows = cones.PsdRows,
            PsdSquares = cones.Psd.Sum(k => (long)k * k),
            ExpBlocks = cones.Exponential,
            NonZeros = a.NonZeros,
            ZeroRowNonZeros = zeroNonZeros,
            QuadraticNonZeros = program.P?.NonZeros ?? 0,
            KktEntries = kkt,
            LargestBlockBuffer = largest,
        };
    }

    /// <summary>c(c+1)/2: the lower triangle, diagonal included, of a clique over c columns.</summary>
    public static long Triangle(long c) => c * (c + 1) / 2;

    private static long[] DistinctColumns(ConicProgram program, List<(int Start, int Rows)> blocks)
    {
        var columns = new long[blocks.Count];
        if (blocks.Count == 0) return columns;
        var blockOfRow = new int[program.Constraints];
        Array.Fill(blockOfRow, -1);
        for (int b = 0; b < blocks.Count; b++)
            for (int r = blocks[b].Start; r < blocks[b].Start + blocks[b].Rows; r++) blockOfRow[r] = b;
        var lastColumn = new int[blocks.Count];
        Array.Fill(lastColumn, -1);
        var a = program.A;
        for (int c = 0; c < a.Columns; c++)
            for (int p = a.ColumnPointers[c]; p < a.ColumnPointers[c + 1]; p++)
            {
                int b = blockOfRow[a.RowIndices[p]];
                if (b < 0 || lastColumn[b] == c) continue;
                lastColumn[b] = c;
                columns[b]++;
            }
        return columns;
    }
}
