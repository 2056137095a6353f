using ConicDsl.Compiler.Architectures.ConvPool;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures.Sizing;

/// <summary>
/// The size of the two-layer CNN's program with sum or mean pooling (<see cref="StackedPatchCones"/>):
/// <see cref="ConeBlockSize"/> with one signed block of h coordinates per pattern of the stacked patch matrix X_st whose
/// map is nonzero, map scale·Σ_k D^k X_k (n × h), membership (2D − I)X_st (nK rows). The map's nonzeros are found by
/// summing it one block at a time as lowering does (its sums can cancel, and patterns with an all-zero map are
/// dropped), holding n × h numbers at once; before the patterns exist every pattern is counted, with a map entry
/// wherever some patch of the sample is nonzero (an upper bound). Max pooling: <see cref="MaxPoolSize"/>.
/// </summary>
public static class ConvPoolSize
{
    public static SizeEstimate? Estimate(Model model, Dataset data, PatternSet? patterns, PatchLayout layout, double scale)
    {
        int n = data.Samples, h = layout.Size, positions = layout.Count;
        var stacked = layout.Stacked(data);
        long requested = patterns?.Count ?? RequestedPatterns.Count(model.Patterns, stacked) ?? -1;
        if (requested < 0) return null;
        long stackedNonZeros = 0;
        for (int row = 0; row < n * positions; row++) stackedNonZeros += MaskedNonZeros.RowNonZeros(stacked, row);
        var (blocks, mapNonZeros) = patterns is null
            ? (requested, requested * SupportBound(stacked, n, positions, h))
            : Maps(stacked, patterns, n, positions, h, scale);
        var shape = ConeBlockSize.Shape(n, blocks, GroupNormPenalty.Euclidean(h), LossFactory.Create(model.Loss), data.Targets(),
            mapNonZeros, membershipRows: blocks * n * positions, membershipNonZeros: blocks * stackedNonZeros,
            constrainedBlocks: n * positions > 0 ? blocks : 0, signed: true, freeOutputOffset: false);
        // X_st, and each block's dense map and membership (kept by the recovery).
        long lowering = 8L * n * positions * h + 8L * blocks * h * (n + (long)n * positions) + SizeEstimate.BuilderBytes(shape);
        return new SizeEstimate(shape, requested, patterns is not null,
            SizeEstimate.DatasetBytes(n, data.Features, data.Outputs), SizeEstimate.PatternSetBytes(requested, (long)n * positions, h),
            lowering);
    }

    /// <summary>Σ over samples of the columns j where some patch of the sample is nonzero.</summary>
    private static long SupportBound(double[,] stacked, int n, int positions, int h)
    {
        long count = 0;
        for (int s = 0; s < n; s++)
        for (int j = 0; j < h; j++)
            for (int k = 0; k < positions; k++)
                if (stacked[k * n + s, j] != 0) { count++; break; }
        return count;
    }

    /// <summary>The blocks lowering keeps (a nonzero map) and their maps' nonzeros, summed in lowering's order.</summary>
    private static (long Blocks, long NonZeros) Maps(double[,] stacked, PatternSet patterns, int n, int positions, int h, double scale)
    {
        var map = new double[n, h];
        long blocks = 0, nonZeros = 0;
        for (int i = 0; i < patterns.Count; i++)
        {
            Array.Clear(map);
            for (int row = 0; row < n * positions; row++)
            {
                if (!patterns.IsActive(i, row)) continue;
                int sample = row % n;
                for (int j = 0; j < h; j++) map[sample, j] += stacked[row, j];
            }
            long count = 0;
            foreach (double e in map)
                if (e * scale != 0) count++;
            if (StackedPatchCones.IsZero(map)) continue;
            blocks++;
            nonZeros += count;
        }
        return (blocks, nonZeros);
    }
}
