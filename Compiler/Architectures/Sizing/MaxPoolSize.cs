using ConicDsl.Compiler.Architectures.ConvPool;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures.Sizing;

/// <summary>
/// The size of the two-layer CNN's program with max pooling (<see cref="MaxPoolCones"/>): <see cref="ConeBlockSize"/>
/// with one signed block of h coordinates per distinct (winning position, sign) cone whose map is nonzero, map rows the
/// positive samples' winning patches (n × h), membership nK rows. Once the regions exist the cones are counted as
/// lowering forms them (<see cref="MaxPoolCones.Count"/>, without allocating them); before, every region is counted as
/// its own cone with full maps and memberships (an upper bound: distinct cones are at most the regions).
/// </summary>
public static class MaxPoolSize
{
    public static SizeEstimate? Estimate(Model model, Dataset data, PatternSet? patterns, PatchLayout layout)
    {
        int n = data.Samples, h = layout.Size, positions = layout.Count;
        long hyperplaneRows = (long)n * MaxPoolCones.RowsPerSample(positions);
        long requested;
        if (patterns is not null) requested = patterns.Count;
        else if (RequestedPatterns.Count(model.Patterns, MaxPoolCones.Hyperplanes(layout, data)) is long count) requested = count;
        else return null;
        var (blocks, mapNonZeros, membershipNonZeros) = patterns is null
            ? (requested, requested * n * h, requested * n * positions * h)
            : MaxPoolCones.Count(layout, data, patterns);
        var shape = ConeBlockSize.Shape(n, blocks, GroupNormPenalty.Euclidean(h), LossFactory.Create(model.Loss), data.Targets(),
            mapNonZeros, membershipRows: blocks * n * positions, membershipNonZeros: membershipNonZeros,
            constrainedBlocks: n * positions > 0 ? blocks : 0, signed: true, freeOutputOffset: false);
        // The patches and the hyperplane rows, each cone's dense map and membership (kept by the recovery), and the
        // winner keys (one short string per region).
        long lowering = 8L * n * positions * h + 8L * hyperplaneRows * h + 8L * blocks * h * (n + (long)n * positions)
                        + 8L * n * requested + SizeEstimate.BuilderBytes(shape);
        return new SizeEstimate(shape, requested, patterns is not null,
            SizeEstimate.DatasetBytes(n, data.Features, data.Outputs), SizeEstimate.PatternSetBytes(requested, hyperplaneRows, h),
            lowering);
    }
}
