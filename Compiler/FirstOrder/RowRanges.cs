namespace ConicDsl.Compiler.FirstOrder;

/// <summary>Parallel loops over sample rows in contiguous blocks, so that one delegate call covers many rows (a row's
/// body is a few hundred flops: per-row calls would drown it in scheduling overhead).</summary>
internal static class RowRanges
{
    private const int Chunk = 256;
    // Rows per block of the fused passes: large enough to amortize a delegate call, small enough that 2 cores
    // get several blocks each at n = 5 000.
    public const int Block = 512;
    // Elements per task of the plain elementwise passes over whole n × B buffers.
    private const int Span = 1 << 16;

    public static void For(int rows, Action<int> body)
    {
        int chunks = (rows + Chunk - 1) / Chunk;
        if (chunks <= 1)
        {
            for (int s = 0; s < rows; s++) body(s);
            return;
        }
        Parallel.For(0, chunks, c =>
        {
            int end = Math.Min(rows, (c + 1) * Chunk);
            for (int s = c * Chunk; s < end; s++) body(s);
        });
    }

    /// <summary>Runs <paramref name="body"/>(first, end) on blocks of rows in parallel and adds up the two sums each
    /// block returns (blocks are summed in a fixed order, so the result does not depend on the scheduling).</summary>
    public static (double First, double Second) SumBlocks(int rows, Func<int, int, (double, double)> body)
    {
        int blocks = (rows + Block - 1) / Block;
        var partial = new (double, double)[blocks];
        if (blocks == 1) partial[0] = body(0, rows);
        else Parallel.For(0, blocks, c => partial[c] = body(c * Block, Math.Min(rows, (c + 1) * Block)));
        double first = 0, second = 0;
        foreach (var (a, b) in partial)
        {
            first += a;
            second += b;
        }
        return (first, second);
    }

    /// <summary>Runs <paramref name="body"/>(start, stop) over consecutive ranges of [0, length) in parallel.</summary>
    public static void ForRanges(int length, Action<int, int> body)
    {
        int ranges = (length + Span - 1) / Span;
        if (ranges <= 1) body(0, length);
        else Parallel.For(0, ranges, c => body(c * Span, Math.Min(length, (c + 1) * Span)));
    }
}
