using System.Diagnostics;
using ConicDsl.Compiler.Patterns;

namespace ConicDsl.Compiler.Architectures.ConvDense;

/// <summary>
/// Cones of math.md §6 read off random sub-networks: each draw takes filters u (one per position for E2, one shared
/// for E1) and dense weights w from N(0, I) (<see cref="ArrangementSampler"/>'s seeded stream: u position by
/// position, then w), and records D^k = 1[X_k u_k ≥ 0], the signs of w and D' = 1[g ≥ 0] for
/// g = Σ_k (X_k u_k)_+ w_k. Each cone contains its draw's lifted matrix C = [u_k w_k] (stored as the witness), so
/// the program over these cones is the optimum over networks whose sub-networks lie in them: an upper bound
/// (math.md §1(c)). Duplicates are dropped.
/// </summary>
public sealed class SampledSubnetworkCones(int draws, int seed)
{
    public PatternSet Build(SubnetworkPatches x, CancellationToken ct = default)
    {
        if (draws < 1) throw new ArgumentOutOfRangeException(nameof(draws), "at least one sub-network must be drawn");
        var clock = Stopwatch.StartNew();
        int n = x.Samples, positions = x.Positions, h = x.Size;
        var gaussian = new ArrangementSampler.GaussianStream(seed);
        var builder = new PatternSetBuilder(SubnetworkCone.MaskLength(n, positions));
        var filters = new double[x.Shared ? 1 : positions][];
        var z = new double[positions, n];
        for (int draw = 0; draw < draws; draw++)
        {
            if ((draw & 1023) == 0) ct.ThrowIfCancellationRequested();
            for (int f = 0; f < filters.Length; f++)
                filters[f] = Enumerable.Range(0, h).Select(_ => gaussian.Next()).ToArray();
            var w = Enumerable.Range(0, positions).Select(_ => gaussian.Next()).ToArray();

            var first = new bool[positions * n];
            for (int k = 0; k < positions; k++)
            {
                var u = filters[x.Shared ? 0 : k];
                for (int s = 0; s < n; s++)
                {
                    double dot = 0;
                    for (int j = 0; j < h; j++) dot += x[k, s, j] * u[j];
                    z[k, s] = dot;
                    first[k * n + s] = dot >= 0;
                }
            }
            var signs = new sbyte[positions];
            for (int k = 0; k < positions; k++)
                if (w[k] != 0 && SubnetworkRows.Contributes(x, first, k)) signs[k] = w[k] > 0 ? (sbyte)1 : (sbyte)-1;
            if (signs.All(v => v == 0)) continue;
            if (!x.Shared)
                for (int k = 0; k < positions; k++)
                    if (signs[k] == 0)
                        for (int s = 0; s < n; s++) first[k * n + s] = false;   // E2 stores an off position as D^k = 0

            var second = new bool[n];
            bool nonzeroMap = false;
            var responses = SubnetworkRows.Responses(x, first, signs);
            for (int s = 0; s < n; s++)
            {
                double g = 0;
                for (int k = 0; k < positions; k++)
                    if (signs[k] != 0) g += Math.Max(0, z[k, s]) * w[k];
                second[s] = g >= 0;
                nonzeroMap |= second[s] && responses[s] is not null;
            }
            if (!nonzeroMap) continue;

            var witness = new double[x.Dimension];
            for (int k = 0; k < positions; k++)
                if (signs[k] != 0)
                    for (int j = 0; j < h; j++) witness[k * h + j] = filters[x.Shared ? 0 : k][j] * w[k];
            builder.Add(new SubnetworkCone(first, signs, second).ToMask(), witness);
        }
        var estimate = ExactSubnetworkCones.Estimate(x, long.MaxValue);
        return builder.Build(PatternSet.SourceSample, draws, estimate.Rank, estimate.ReducedRows, estimate.Bound, clock,
            solverChecks: 0, exactRank: null);
    }
}
