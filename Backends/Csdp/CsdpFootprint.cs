using ConicDsl.Conic;

namespace ConicDsl.Backends.Csdp;

/// <summary>
/// CSDP's peak memory: its Schur complement is dense of order (number of SDPA constraints) = our n (our x is CSDP's y,
/// <see cref="CsdpBackend"/>), 8n² bytes, plus its block matrices: X, Z, their steps and work arrays, about a dozen
/// dense k×k copies per PSD block (second-order cones become PSD blocks of their dimension through the arrow lift),
/// on top of the sparse data every backend holds (<see cref="MemoryFootprints.SparseData"/>).
/// </summary>
internal static class CsdpFootprint
{
    public static MemoryFootprint Estimate(ProgramShape shape)
    {
        var data = MemoryFootprints.SparseData(shape);
        long n = shape.Variables;
        long schur = 8 * n * n;
        long blocks = 12L * 8 * (shape.PsdSquares + shape.SocSquares + shape.ZeroRows * 2 + shape.NonNegativeRows);
        long bytes = data.Bytes + schur + blocks;
        var terms = new (long Bytes, string Name)[]
        {
            (schur, $"CSDP's dense Schur complement of order {n:N0} (variables)"),
            (blocks, "CSDP's dense block matrices"),
            (data.Bytes, data.Largest),
        };
        string largest = terms.MaxBy(t => t.Bytes).Name;
        return data with { Bytes = bytes, Largest = largest };
    }
}
