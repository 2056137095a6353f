namespace ConicDsl.Compiler.FirstOrder;

/// <summary>Parallel loop over sample rows in chunks, so the per-row bodies (a few hundred flops) are not drowned in
/// scheduling overhead.</summary>
internal static class RowRanges
{
    private const int Chunk = 256;

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

    /// <summary>Parallel sum of <paramref name="term"/> over rows.</summary>
    public static double Sum(int rows, Func<int, double> term)
    {
        int chunks = (rows + Chunk - 1) / Chunk;
        var partial = new double[chunks];
        Parallel.For(0, chunks, c =>
        {
            double sum = 0;
            int end = Math.Min(rows, (c + 1) * Chunk);
            for (int s = c * Chunk; s < end; s++) sum += term(s);
            partial[c] = sum;
        });
        double total = 0;
        foreach (var x in partial) total += x;
        return total;
    }
}
