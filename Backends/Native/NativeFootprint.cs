using ConicDsl.Conic;

namespace ConicDsl.Backends.Native;

/// <summary>
/// Peak memory of <see cref="InteriorPointSolver"/> for a program, from its shape. The solver is dense in one place:
/// <see cref="KktSystem"/> eliminates the cone rows and factors the reduced matrix of order N = n + (zero-cone rows)
/// with <see cref="DenseLdl"/>, N² doubles, which dominates every program that is not tiny. The rest: the sparse A
/// in three copies (the program, the KKT system's row-wise copy, the presolve's reduced program), about 40 vectors
/// of length n + m (iterates, directions, residuals, the per-iteration check), and the largest cone block's
/// column buffer p·q (p = columns of A touching the block, q its rows), which lives only while the block is added.
/// Measured against peak working set in docs/cli.md ("Size guard").
/// </summary>
internal static class NativeFootprint
{
    public static MemoryFootprint Estimate(ConicProgram program)
    {
        int n = program.Variables, m = program.Constraints;
        long order = (long)n + program.Cones.Zero;
        long dense = 8 * order * order;
        long nnz = MemoryFootprints.NonZeros(program);
        long sparse = 3 * 12 * nnz;
        long vectors = 8L * 40 * (n + m);
        long block = 8 * LargestBlockBuffer(program);
        long bytes = dense + sparse + vectors + block;
        var terms = new (long Bytes, string Name)[]
        {
            (dense, $"the dense KKT matrix of order {order:N0} (variables + equality rows)"),
            (sparse, "the sparse constraint matrix"),
            (vectors, "the iterate vectors"),
            (block, "the largest cone block's column buffer"),
        };
        string largest = terms.MaxBy(t => t.Bytes).Name;
        return new MemoryFootprint(n, m, nnz, bytes, largest);
    }

    /// <summary>max over SOC and PSD blocks of p·q: distinct columns of A in the block's rows times its rows.</summary>
    private static long LargestBlockBuffer(ConicProgram program)
    {
        var cones = program.Cones;
        var blocks = new List<(int Start, int Rows)>();
        foreach (var (s, q) in cones.SecondOrderBlocks()) blocks.Add((s, q));
        foreach (var (s, k) in cones.PsdBlocks()) blocks.Add((s, ConeLayout.SvecLength(k)));
        if (blocks.Count == 0) return 0;
        var blockOfRow = new int[program.Constraints];
        Array.Fill(blockOfRow, -1);
        for (int b = 0; b < blocks.Count; b++)
            for (int r = blocks[b].Start; r < blocks[b].Start + blocks[b].Rows; r++) blockOfRow[r] = b;
        var columns = new long[blocks.Count];
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
        long largest = 0;
        for (int b = 0; b < blocks.Count; b++) largest = Math.Max(largest, columns[b] * blocks[b].Rows);
        return largest;
    }
}
