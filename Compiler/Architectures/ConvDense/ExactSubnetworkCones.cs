using System.Diagnostics;
using System.Numerics;
using ConicDsl.Compiler.Patterns;

namespace ConicDsl.Compiler.Architectures.ConvDense;

/// <summary>
/// Every cone of math.md §6 (complete, so the E2 program is the global optimum and the E1 program a lower bound):
/// first-layer regions by <see cref="CertifiedArrangementEnumerator"/> (per position for E2, of X_st for E1), each live
/// position's sign, then the second-layer regions inside each product cone by <see cref="SecondLayerSearch"/>.
/// </summary>
public sealed class ExactSubnetworkCones
{
    public ExactSubnetworkCones(long limit)
    {
        if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit));
        Limit = limit;
    }

    public long Limit { get; }

    /// <summary>
    /// An upper bound on the number of cones, computed before any solver work: (first-layer choices) × (regions of n
    /// hyperplanes in R^{hK}). E2: Π_k (1 + 2·B(X_k)) choices (off, or a region with a sign); E1: B(X_st)·2^K. B is
    /// the general-position region bound of a matrix's arrangement (conventions.md).
    /// </summary>
    public static ExactCountEstimate Estimate(SubnetworkPatches x, long limit)
    {
        var second = ArrangementAnalysis.RegionBound(x.Samples, Math.Min(x.Samples, x.Dimension));
        var stacked = ArrangementAnalysis.Analyze(x.Stacked());
        BigInteger first;
        if (x.Shared)
        {
            first = stacked.BoundExact * BigInteger.Pow(2, x.Positions);
        }
        else
        {
            first = BigInteger.One;
            for (int k = 0; k < x.Positions; k++)
                first *= 1 + 2 * ArrangementAnalysis.Analyze(x.PatchMatrix(k)).BoundExact;
        }
        return new ExactCountEstimate(first * second, stacked.NumericRank, stacked.ReducedRowCount, x.Samples, limit);
    }

    /// <exception cref="ExactEnumerationRefusedException">the bound or the count found exceeds the limit.</exception>
    public PatternSet Build(SubnetworkPatches x, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var estimate = Estimate(x, Limit);
        if (estimate.ExceedsLimit) throw new ExactEnumerationRefusedException(estimate);
        var regions = x.Shared
            ? new[] { new CertifiedArrangementEnumerator(Limit).Build(x.Stacked(), ct) }
            : Enumerable.Range(0, x.Positions).Select(k => new CertifiedArrangementEnumerator(Limit).Build(x.PatchMatrix(k), ct)).ToArray();

        var builder = new PatternSetBuilder(SubnetworkCone.MaskLength(x.Samples, x.Positions));
        using var search = new SecondLayerSearch(x.Dimension);
        foreach (var (first, signs) in FirstLayerChoices.Enumerate(x, regions))
        {
            ct.ThrowIfCancellationRequested();
            var responses = SubnetworkRows.Responses(x, first, signs);
            if (responses.All(r => r is null)) continue;
            search.Regions(SubnetworkRows.FirstLayer(x, first, signs), responses, (second, witness) =>
            {
                // D' switching on only zero responses gives a zero map: the cone adds nothing.
                if (!second.Where((on, s) => on && responses[s] is not null).Any()) return;
                for (int k = 0; k < x.Positions; k++)
                    if (signs[k] == 0)
                        for (int j = 0; j < x.Size; j++) witness[k * x.Size + j] = 0;
                builder.Add(new SubnetworkCone(first, signs, second).ToMask(), witness);
                if (builder.Distinct > Limit)
                    throw new ExactEnumerationRefusedException(estimate,
                        $"exact enumeration stopped: more than {Limit} three-layer CNN cones");
            }, ct);
        }
        return builder.Build(PatternSet.SourceExact, 0, estimate.Rank, estimate.ReducedRows, estimate.Bound, clock,
            search.Checks + regions.Sum(r => r.SolverChecks), exactRank: null);
    }
}
