using System.Numerics;

namespace ConicDsl.Compiler.Patterns;

/// <summary>
/// An immutable set of activation patterns D_i = diag(1[X̃g ≥ 0]) over n samples, with how it was obtained.
/// <para>
/// Storage: pattern-major bit masks. Pattern p owns <see cref="WordsPerPattern"/> consecutive ulongs; sample s is
/// bit (s mod 64) of word s / 64. Bits past <see cref="Samples"/> are zero. One contiguous mask per pattern is the
/// access the program builder needs (one block D_i X̃ per pattern) and costs n/8 bytes per pattern.
/// </para>
/// <para>
/// Order: patterns are sorted lexicographically as 0/1 strings read from sample 0 to sample n−1, with 0 before 1,
/// so the same set always yields the same program. The all-zero pattern is never present.
/// </para>
/// </summary>
public sealed class PatternSet
{
    public const string SourceExact = "exact";
    public const string SourceSample = "sample";

    private readonly ulong[] _bits;
    private readonly double[][]? _witnesses;

    internal PatternSet(
        int samples, int count, ulong[] bits, double[][]? witnesses, string source, long draws,
        long distinctBeforeDrop, bool zeroPatternDropped, int rank, int reducedRows, BigInteger boundExact,
        TimeSpan elapsed, long solverChecks, int? exactRank)
    {
        Samples = samples;
        Count = count;
        WordsPerPattern = WordsFor(samples);
        if (bits.Length != count * WordsPerPattern) throw new ArgumentException("bit storage has the wrong size");
        _bits = bits;
        _witnesses = witnesses;
        Source = source;
        Draws = draws;
        DistinctBeforeDrop = distinctBeforeDrop;
        ZeroPatternDropped = zeroPatternDropped;
        Rank = rank;
        ReducedRows = reducedRows;
        BoundExact = boundExact;
        Elapsed = elapsed;
        SolverChecks = solverChecks;
        ExactRank = exactRank;
    }

    internal static int WordsFor(int samples) => (samples + 63) / 64;

    /// <summary>Number of patterns P (after dropping duplicates and the all-zero pattern).</summary>
    public int Count { get; }

    /// <summary>Number of samples n (rows of X̃).</summary>
    public int Samples { get; }

    public int WordsPerPattern { get; }

    /// <summary><see cref="SourceExact"/> (every region of the arrangement) or <see cref="SourceSample"/>.</summary>
    public string Source { get; }

    /// <summary>Gates drawn (sampling); 0 for exact enumeration.</summary>
    public long Draws { get; }

    /// <summary>Distinct patterns (exact: regions) before the all-zero pattern was dropped.</summary>
    public long DistinctBeforeDrop { get; }

    public bool ZeroPatternDropped { get; }

    /// <summary>Numerical rank of X̃ (SVD, relative tolerance; see <see cref="ArrangementAnalysis.NumericRank"/>).</summary>
    public int Rank { get; }

    /// <summary>Exact rank of the reduced rows when the exact enumerator computed it; null for sampling.</summary>
    public int? ExactRank { get; }

    /// <summary>n′: rows left after dropping zero rows and merging parallel / anti-parallel rows.</summary>
    public int ReducedRows { get; }

    /// <summary>General-position region count 2·Σ_{k&lt;r} C(n′−1, k) for r = <see cref="Rank"/>, exactly.</summary>
    public BigInteger BoundExact { get; }

    /// <summary><see cref="BoundExact"/> as a double (+∞ when it does not fit).</summary>
    public double Bound => (double)BoundExact;

    public TimeSpan Elapsed { get; }

    /// <summary>Z3 satisfiability checks made (exact enumeration); 0 for sampling.</summary>
    public long SolverChecks { get; }

    public bool IsActive(int pattern, int sample)
    {
        if ((uint)pattern >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(pattern));
        if ((uint)sample >= (uint)Samples) throw new ArgumentOutOfRangeException(nameof(sample));
        return (_bits[pattern * WordsPerPattern + (sample >> 6)] >> (sample & 63) & 1UL) != 0;
    }

    /// <summary>The raw mask of one pattern (see the class remarks for the layout).</summary>
    public ReadOnlySpan<ulong> Mask(int pattern)
    {
        if ((uint)pattern >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(pattern));
        return _bits.AsSpan(pattern * WordsPerPattern, WordsPerPattern);
    }

    public bool[] ToArray(int pattern)
    {
        var mask = Mask(pattern);
        var result = new bool[Samples];
        for (int s = 0; s < Samples; s++) result[s] = (mask[s >> 6] >> (s & 63) & 1UL) != 0;
        return result;
    }

    public int ActiveCount(int pattern)
    {
        int c = 0;
        foreach (var w in Mask(pattern)) c += BitOperations.PopCount(w);
        return c;
    }

    /// <summary>Whether witnesses are stored (both sources store them).</summary>
    public bool HasWitnesses => _witnesses is not null;

    /// <summary>
    /// A gate g (length d, in X̃'s coordinates) with 1[X̃g ≥ 0] equal to the pattern: the drawn gate for sampling,
    /// an interior point of the region (scaled to max-norm 1) for exact enumeration.
    /// </summary>
    public ReadOnlySpan<double> Witness(int pattern)
    {
        if (_witnesses is null) throw new InvalidOperationException("this pattern set stores no witnesses");
        return _witnesses[pattern];
    }

    /// <summary>Index of the pattern equal to <paramref name="active"/>, or −1.</summary>
    public int IndexOf(IReadOnlyList<bool> active)
    {
        if (active.Count != Samples) throw new ArgumentException("pattern length differs from the sample count");
        var key = new ulong[WordsPerPattern];
        for (int s = 0; s < Samples; s++) if (active[s]) key[s >> 6] |= 1UL << (s & 63);
        int lo = 0, hi = Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int c = PatternOrder.Compare(Mask(mid), key);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }
}
