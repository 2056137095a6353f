using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Patterns;

namespace ConicDsl.Compiler.Architectures.ConvPool;

/// <summary>
/// The cones of max pooling (math.md §4.3). max_k (x_kᵀu)_+ = (x_κᵀu)_+ for the winning position κ, so the pooled
/// response is linear wherever every sample's winner κ_s and the winner's sign σ_s are fixed. Both are decided by
/// the signs of u against the hyperplanes {x_{s,k}} ∪ {x_{s,k} − x_{s,k'}}: one region of that arrangement fixes
/// them all, and the union of the regions' closures is R^h, so the cones below cover every filter.
/// <list type="bullet">
/// <item>Winner, sign +1: rows (x_κ − x_k)ᵀu ≥ 0 for k ≠ κ and x_κᵀu ≥ 0; the sample's map row is x_κ.</item>
/// <item>Sign −1: rows −x_kᵀu ≥ 0 for every k and a zero map row. The winner does not matter when the response is
/// zero, so regions that differ only in a negative sample's winner share this larger (still convex) cone; that
/// merges cones math.md §4.3 keeps apart and leaves fewer blocks for the same optimum.</item>
/// </list>
/// Each sample therefore contributes K rows to G. Tie rule: a tie (a zero hyperplane row, i.e. two identical patches
/// or an all-zero patch) counts as ≥, as everywhere in ConicDsl; among tied winners the lowest position wins, and a
/// winner with response exactly 0 counts as sign +1 (an all-zero winning patch as sign −1: the same cone).
/// <para>
/// The difference rows are formed in double precision, so they are the exact differences only up to rounding. Where
/// rounding makes three differences disagree (x_a ≥ x_b ≥ x_c but x_a &lt; x_c on the rounded rows), exact
/// enumeration finds a sliver region of relative width about 1e-16 with no consistent winner; its winner is then
/// taken from the region's interior witness and the sliver itself is left uncovered. A filter there is within
/// rounding of a covered cone, so the optimum moves by rounding only; <see cref="Result.Slivers"/> counts them.
/// </para>
/// </summary>
public static class MaxPoolCones
{
    public sealed record Result(List<ConeBlock> Blocks, int Slivers);

    /// <summary>Hyperplanes per sample: K patches, then the K(K−1)/2 differences x_k − x_k' (k &lt; k').</summary>
    public static int RowsPerSample(int positions) => positions * (positions + 1) / 2;

    /// <summary>The matrix whose row arrangement decides every sample's winner and sign: sample s owns rows
    /// s·R … s·R + R − 1 (R = <see cref="RowsPerSample"/>), patches first, then differences in (k, k') order.</summary>
    public static double[,] Hyperplanes(PatchLayout layout, Dataset data)
    {
        int n = data.Samples, positions = layout.Count, h = layout.Size, per = RowsPerSample(positions);
        var patches = Patches(layout, data);
        var rows = new double[n * per, h];
        for (int s = 0; s < n; s++)
        {
            int r = s * per;
            for (int k = 0; k < positions; k++, r++)
                for (int j = 0; j < h; j++) rows[r, j] = patches[s][k][j];
            for (int k = 0; k < positions; k++)
            for (int k2 = k + 1; k2 < positions; k2++, r++)
                for (int j = 0; j < h; j++) rows[r, j] = patches[s][k][j] - patches[s][k2][j];
        }
        return rows;
    }

    /// <summary>One block per distinct cone met by the regions of <paramref name="patterns"/> (patterns of
    /// <see cref="Hyperplanes"/>), in the order first met; cones whose map is zero are left out.</summary>
    public static Result Build(PatchLayout layout, Dataset data, PatternSet patterns)
    {
        var patches = Patches(layout, data);
        var (cones, slivers) = DistinctWinners(layout, data, patterns, patches);
        var blocks = new List<ConeBlock>(cones.Count);
        foreach (var (pattern, winners) in cones)
        {
            var (map, membership) = Cone(patches, winners, layout.Size);
            blocks.Add(new ConeBlock(pattern, map, membership));
        }
        return new Result(blocks, slivers);
    }

    /// <summary>
    /// The cones <see cref="Build"/> makes, counted without forming them (the size guard's estimate): the block count,
    /// the maps' nonzeros (sample s contributes its winning patch's nonzeros) and the memberships' (nK rows per block,
    /// each the nonzeros of −x_k, x_κ or x_κ − x_k as <see cref="Cone"/> forms them).
    /// </summary>
    public static (long Blocks, long MapNonZeros, long MembershipNonZeros) Count(PatchLayout layout, Dataset data, PatternSet patterns)
    {
        var patches = Patches(layout, data);
        var (cones, _) = DistinctWinners(layout, data, patterns, patches);
        int positions = layout.Count, h = layout.Size;
        long map = 0, membership = 0;
        foreach (var (_, winners) in cones)
            for (int s = 0; s < winners.Length; s++)
            {
                int kappa = winners[s];
                if (kappa >= 0) map += NonZeros(patches[s][kappa]);
                for (int k = 0; k < positions; k++)
                    for (int j = 0; j < h; j++)
                    {
                        double e = kappa < 0 ? -patches[s][k][j] : k == kappa ? patches[s][k][j] : patches[s][kappa][j] - patches[s][k][j];
                        if (e != 0) membership++;
                    }
            }
        return (cones.Count, map, membership);
    }

    /// <summary>Each region's winner vector (sample s: its winning position, −1 for a response ≤ 0), the distinct ones
    /// with a nonzero map in the order first met, with the pattern that met them; and the rounding slivers.</summary>
    private static (List<(int Pattern, int[] Winners)> Cones, int Slivers) DistinctWinners(PatchLayout layout, Dataset data,
        PatternSet patterns, double[][][] patches)
    {
        int n = data.Samples, positions = layout.Count, per = RowsPerSample(positions);
        var pairRow = PairRows(positions);
        var zeroDifference = new bool[n, positions, positions];
        for (int s = 0; s < n; s++)
        for (int k = 0; k < positions; k++)
        for (int k2 = 0; k2 < positions; k2++)
            zeroDifference[s, k, k2] = k != k2 && patches[s][k].AsSpan().SequenceEqual(patches[s][k2]);

        var seen = new HashSet<string>();
        var cones = new List<(int, int[])>();
        int slivers = 0;
        for (int i = 0; i < patterns.Count; i++)
        {
            var winners = new int[n];
            bool sliver = false;
            for (int s = 0; s < n; s++)
            {
                int baseRow = s * per;
                // x_kᵀu ≥ x_k'ᵀu, read from the difference row's bit (a zero row is a tie: ≥ both ways).
                bool AtLeast(int k, int k2) =>
                    zeroDifference[s, k, k2] ||
                    (k < k2 ? patterns.IsActive(i, baseRow + pairRow[k, k2]) : !patterns.IsActive(i, baseRow + pairRow[k2, k]));
                int kappa = -1;
                for (int k = 0; k < positions && kappa < 0; k++)
                {
                    bool wins = true;
                    for (int k2 = 0; k2 < positions && wins; k2++) wins = k2 == k || AtLeast(k, k2);
                    if (wins) kappa = k;
                }
                if (kappa < 0)
                {
                    sliver = true;
                    kappa = WitnessWinner(patches[s], patterns.Witness(i));
                }
                // An all-zero winning patch means a zero response: the same cone as a negative winner.
                bool positive = patterns.IsActive(i, baseRow + kappa) && !IsZero(patches[s][kappa]);
                winners[s] = positive ? kappa : -1;
            }
            if (sliver) slivers++;
            if (!seen.Add(string.Join(',', winners))) continue;
            // The map's rows are the positive samples' (nonzero) winning patches: it is zero iff no sample is positive.
            if (Array.TrueForAll(winners, w => w < 0)) continue;
            cones.Add((i, winners));
        }
        return (cones, slivers);
    }

    private static long NonZeros(double[] patch)
    {
        long c = 0;
        foreach (double e in patch)
            if (e != 0) c++;
        return c;
    }

    /// <summary>Map and membership of the cone where sample s's winner is winners[s] (−1: response ≤ 0).</summary>
    private static (double[,] Map, double[,] Membership) Cone(double[][][] patches, int[] winners, int h)
    {
        int n = winners.Length, positions = patches[0].Length;
        var map = new double[n, h];
        var membership = new double[n * positions, h];
        for (int s = 0; s < n; s++)
        {
            int kappa = winners[s];
            for (int k = 0; k < positions; k++)
            {
                int row = s * positions + k;
                for (int j = 0; j < h; j++)
                {
                    membership[row, j] = kappa < 0 ? -patches[s][k][j]
                        : k == kappa ? patches[s][k][j]
                        : patches[s][kappa][j] - patches[s][k][j];
                }
            }
            if (kappa >= 0)
                for (int j = 0; j < h; j++) map[s, j] = patches[s][kappa][j];
        }
        return (map, membership);
    }

    private static bool IsZero(double[] patch) => Array.TrueForAll(patch, e => e == 0);

    private static int WitnessWinner(double[][] patches, ReadOnlySpan<double> witness)
    {
        int best = 0;
        double bestValue = double.NegativeInfinity;
        for (int k = 0; k < patches.Length; k++)
        {
            double z = 0;
            for (int j = 0; j < witness.Length; j++) z += patches[k][j] * witness[j];
            if (z > bestValue)
            {
                bestValue = z;
                best = k;
            }
        }
        return best;
    }

    /// <summary>Offset of the difference row (k, k'), k &lt; k', within a sample's rows.</summary>
    private static int[,] PairRows(int positions)
    {
        var index = new int[positions, positions];
        int r = positions;
        for (int k = 0; k < positions; k++)
        for (int k2 = k + 1; k2 < positions; k2++)
            index[k, k2] = r++;
        return index;
    }

    /// <summary>patches[s][k] = x_{s,k}.</summary>
    private static double[][][] Patches(PatchLayout layout, Dataset data)
    {
        var row = new double[data.Features];
        var result = new double[data.Samples][][];
        for (int s = 0; s < data.Samples; s++)
        {
            for (int j = 0; j < row.Length; j++) row[j] = data.Feature(s, j);
            result[s] = new double[layout.Count][];
            for (int k = 0; k < layout.Count; k++)
            {
                result[s][k] = new double[layout.Size];
                layout.Patch(row, k, result[s][k]);
            }
        }
        return result;
    }
}
