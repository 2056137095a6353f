using ConicDsl.Compiler.Architectures.ConvDense;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures.Sizing;

/// <summary>
/// The size of the three-layer CNN's program (<see cref="SubnetworkRows"/>): <see cref="ConeBlockSize"/> with one
/// signed block of p = K·h coordinates per cone, the Euclidean norm (a filter per position) or the nuclear norm (a
/// shared filter) as penalty. Each cone's rows are counted as <see cref="SubnetworkRows.Block"/> writes them, without
/// allocating them: a first-layer row per nonzero patch of a live position (of every position with a shared filter),
/// with that patch's nonzeros; a second-layer row per sample with a nonzero response, with the response's nonzeros;
/// the map, the responses of the samples active in the second layer. Before the cones exist every mask is taken as
/// full: all positions live and active (an upper bound), for the bound on the exact count or the N asked for.
/// </summary>
public static class ConvDenseSize
{
    public static SizeEstimate? Estimate(Model model, Dataset data, PatternSet? patterns, SubnetworkPatches x)
    {
        int n = x.Samples, k = x.Positions, h = x.Size, p = x.Dimension;
        long count = patterns?.Count ?? model.Patterns switch
        {
            SampledPatterns sampled => sampled.Count,
            ExactPatterns exact => ExactSubnetworkCones.Estimate(x, exact.Limit) is { ExceedsLimit: false } e ? (long)e.Bound : -1,
            _ => -1,
        };
        if (count < 0) return null;
        var patch = new int[k, n];
        for (int position = 0; position < k; position++)
        for (int s = 0; s < n; s++)
            for (int j = 0; j < h; j++)
                if (x[position, s, j] != 0) patch[position, s]++;

        long rows = 0, rowNonZeros = 0, mapNonZeros = 0, constrained = 0;
        if (patterns is null)
        {
            var all = new SubnetworkCone(Enumerable.Repeat(true, n * k).ToArray(), Enumerable.Repeat((sbyte)1, k).ToArray(),
                Enumerable.Repeat(true, n).ToArray());
            var (r, nz, map) = Cone(x, patch, all);
            (rows, rowNonZeros, mapNonZeros, constrained) = (count * r, count * nz, count * map, r > 0 ? count : 0);
        }
        else
        {
            for (int i = 0; i < patterns.Count; i++)
            {
                var (r, nz, map) = Cone(x, patch, SubnetworkCone.Read(patterns, i, n, k));
                rows += r;
                rowNonZeros += nz;
                mapNonZeros += map;
                if (r > 0) constrained++;
            }
        }
        IBlockPenalty penalty = x.Shared ? new NuclearNormPenalty(h, k) : GroupNormPenalty.Euclidean(p);
        var shape = ConeBlockSize.Shape(n, count, penalty, LossFactory.Create(model.Loss), data.Targets(), mapNonZeros,
            membershipRows: rows, membershipNonZeros: rowNonZeros, constrainedBlocks: constrained, signed: true, freeOutputOffset: false);
        // The patches, and each block's dense map (n × p) and membership (its rows × p), kept by the recovery.
        long lowering = 8L * n * k * h + 8L * p * (count * n + rows) + SizeEstimate.BuilderBytes(shape);
        return new SizeEstimate(shape, count, patterns is not null,
            SizeEstimate.DatasetBytes(n, data.Features, data.Outputs),
            SizeEstimate.PatternSetBytes(count, SubnetworkCone.MaskLength(n, k), 1), lowering);
    }

    /// <summary>One cone's membership rows, their nonzeros, and its map's nonzeros.</summary>
    private static (long Rows, long NonZeros, long Map) Cone(SubnetworkPatches x, int[,] patch, SubnetworkCone cone)
    {
        int n = x.Samples, k = x.Positions;
        long rows = 0, nonZeros = 0, map = 0;
        for (int position = 0; position < k; position++)
        {
            if (!cone.Live(position)) continue;
            for (int source = 0; source < k; source++)
            {
                if (!x.Shared && source != position) continue;
                for (int s = 0; s < n; s++)
                {
                    if (x.IsZero(source, s)) continue;
                    rows++;
                    nonZeros += patch[source, s];
                }
            }
        }
        for (int s = 0; s < n; s++)
        {
            long response = 0;
            for (int position = 0; position < k; position++)
                if (cone.Live(position) && cone.Active(position, s)) response += patch[position, s];
            if (response == 0) continue;
            rows++;
            nonZeros += response;
            if (cone.SecondLayer[s]) map += response;
        }
        return (rows, nonZeros, map);
    }
}
