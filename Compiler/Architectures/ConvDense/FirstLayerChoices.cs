using ConicDsl.Compiler.Patterns;

namespace ConicDsl.Compiler.Architectures.ConvDense;

/// <summary>
/// Every product cone of the first layer (math.md §6), from exactly enumerated regions:
/// <list type="bullet">
/// <item>E2 (a filter per position): each position independently is off, or a region of X_k's arrangement with a
/// sign of w_k; the product over positions.</item>
/// <item>E1 (shared filter): a region D of the stacked matrix X_st's arrangement fixes every D^k at once; the
/// positions it switches on get a sign each.</item>
/// </list>
/// A region that switches on only zero patches at a position is the same as "off" there and is not repeated.
/// </summary>
public static class FirstLayerChoices
{
    /// <summary>(D stacked, per-position signs with 0 = off), never all off.</summary>
    public static IEnumerable<(bool[] FirstLayer, sbyte[] Signs)> Enumerate(
        SubnetworkPatches x, IReadOnlyList<PatternSet> regions)
    {
        return x.Shared ? Shared(x, regions.Single()) : Local(x, regions);
    }

    private static IEnumerable<(bool[], sbyte[])> Local(SubnetworkPatches x, IReadOnlyList<PatternSet> perPosition)
    {
        int n = x.Samples, positions = x.Positions;
        // options[k]: −1 = off, else (region index, sign) packed as 2·region + (sign < 0 ? 1 : 0).
        var options = new List<int>[positions];
        for (int k = 0; k < positions; k++)
        {
            options[k] = new List<int> { -1 };
            var set = perPosition[k];
            for (int r = 0; r < set.Count; r++)
            {
                var mask = new bool[positions * n];
                for (int s = 0; s < n; s++) mask[k * n + s] = set.IsActive(r, s);
                if (!SubnetworkRows.Contributes(x, mask, k)) continue;
                options[k].Add(2 * r);
                options[k].Add(2 * r + 1);
            }
        }
        var pick = new int[positions];
        while (true)
        {
            var first = new bool[positions * n];
            var signs = new sbyte[positions];
            for (int k = 0; k < positions; k++)
            {
                int o = options[k][pick[k]];
                if (o < 0) continue;
                signs[k] = (o & 1) == 0 ? (sbyte)1 : (sbyte)-1;
                for (int s = 0; s < n; s++) first[k * n + s] = perPosition[k].IsActive(o >> 1, s);
            }
            if (signs.Any(v => v != 0)) yield return (first, signs);
            int d = 0;
            while (d < positions && ++pick[d] == options[d].Count) pick[d++] = 0;
            if (d == positions) yield break;
        }
    }

    private static IEnumerable<(bool[], sbyte[])> Shared(SubnetworkPatches x, PatternSet stacked)
    {
        int n = x.Samples, positions = x.Positions;
        for (int r = 0; r < stacked.Count; r++)
        {
            var first = stacked.ToArray(r);
            var live = Enumerable.Range(0, positions).Where(k => SubnetworkRows.Contributes(x, first, k)).ToArray();
            if (live.Length == 0) continue;
            for (int bits = 0; bits < 1 << live.Length; bits++)
            {
                var signs = new sbyte[positions];
                for (int i = 0; i < live.Length; i++) signs[live[i]] = (bits >> i & 1) == 0 ? (sbyte)1 : (sbyte)-1;
                yield return (first, signs);
            }
        }
    }
}
