namespace ConicDsl.Compiler.Pipeline;

/// <summary>
/// A full collection where a large amount of memory has just become garbage: at a stage boundary (the CSV's text cells
/// once the data are bound; the first-order solver's n × B arrays once its solution is read) and between the rounds of
/// a loop that allocates large matrices (NeuronPruning's QR rounds). The GC sees no pressure to collect them before the
/// next stage allocates its own large arrays on top, so without this the peak resident memory is the sum of both
/// (docs/solver.md, "Memory": with row-block pruning alone the large ReLU instance still peaked at 3.77 GB; with these
/// collections at 2.87 GB, the solve's own peak).
/// </summary>
public static class PhaseGarbage
{
    // Below this the collection (tens of milliseconds with the test host's heap) costs more than the memory it frees.
    private const long Threshold = 64L << 20;

    /// <param name="garbageBytes">About how much has just become garbage; nothing is done below 64 MiB.</param>
    /// <param name="returnToSystem">Whether the freed memory goes back to the operating system (a stage boundary), or
    /// only to the GC's free lists, for a loop whose next round allocates the same sizes again.</param>
    /// <returns>Whether it collected (a loop then starts counting its garbage again).</returns>
    public static bool Release(long garbageBytes, bool returnToSystem = true)
    {
        if (garbageBytes < Threshold) return false;
        if (returnToSystem) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        else GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        return true;
    }

    /// <summary>What the CSV's text cells of the bound data took: about 80 bytes per cell (a string of a printed double,
    /// its reference and row overhead; 86 MB for 20 000 × 51 cells, measured with GC.GetTotalMemory).</summary>
    public static long TextCellBytes(long rows, long columns) => 80 * rows * columns;
}
