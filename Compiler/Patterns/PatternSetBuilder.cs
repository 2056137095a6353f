using System.Diagnostics;
using System.Numerics;

namespace ConicDsl.Compiler.Patterns;

/// <summary>
/// Collects masks with a witness each, keeps the first witness of a repeated mask, then drops the all-zero mask and
/// sorts. Shared by both sources so they follow one dedupe/drop/sort rule.
/// </summary>
internal sealed class PatternSetBuilder
{
    private readonly int _samples;
    private readonly int _words;
    private readonly Dictionary<ulong[], double[]?> _seen = new(PatternOrder.MaskComparer.Instance);

    public PatternSetBuilder(int samples)
    {
        _samples = samples;
        _words = PatternSet.WordsFor(samples);
    }

    public int Distinct => _seen.Count;

    /// <summary>Adds a mask (copied only if new); returns whether it was new.</summary>
    public bool Add(ReadOnlySpan<ulong> mask, double[]? witness)
    {
        var lookup = _seen.GetAlternateLookup<ReadOnlySpan<ulong>>();
        if (lookup.ContainsKey(mask)) return false;
        _seen.Add(mask.ToArray(), witness);
        return true;
    }

    public PatternSet Build(
        string source, long draws, ArrangementAnalysis analysis, Stopwatch clock, long solverChecks, int? exactRank) =>
        Build(source, draws, analysis.NumericRank, analysis.ReducedRowCount, analysis.BoundExact, clock, solverChecks, exactRank);

    /// <summary>For pattern sets that are not the regions of one matrix's arrangement (e.g. the composite cones of the
    /// three-layer CNN): the caller states the rank, hyperplane count and region bound it reports.</summary>
    public PatternSet Build(
        string source, long draws, int rank, int reducedRows, BigInteger bound, Stopwatch clock, long solverChecks,
        int? exactRank)
    {
        var entries = _seen.Where(kv => !PatternOrder.IsZero(kv.Key)).ToList();
        bool zeroDropped = entries.Count != _seen.Count;
        entries.Sort((a, b) => PatternOrder.Compare(a.Key, b.Key));
        var bits = new ulong[entries.Count * _words];
        bool withWitness = entries.All(e => e.Value is not null);
        var witnesses = withWitness ? new double[entries.Count][] : null;
        for (int p = 0; p < entries.Count; p++)
        {
            entries[p].Key.CopyTo(bits.AsSpan(p * _words, _words));
            if (witnesses is not null) witnesses[p] = entries[p].Value!;
        }
        return new PatternSet(
            _samples, entries.Count, bits, witnesses, source, draws, _seen.Count, zeroDropped, rank, reducedRows, bound,
            clock.Elapsed, solverChecks, exactRank);
    }
}
