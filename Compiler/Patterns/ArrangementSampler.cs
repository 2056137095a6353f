using System.Diagnostics;

namespace ConicDsl.Compiler.Patterns;

/// <summary>
/// Sampled patterns (math.md §3.3): N gates g ~ N(0, I_d), pattern 1[X̃g ≥ 0], duplicates and the all-zero pattern
/// dropped, the rest sorted. Regions are hit with probability equal to their Gaussian solid angle, so thin ones
/// can be missed; the resulting program is then an upper bound.
/// <para>
/// Randomness: <c>new System.Random(seed)</c> (the seeded generator's sequence is fixed by .NET for compatibility)
/// and the Box–Muller transform, both outputs used: z₀ = √(−2 ln u₁)·cos 2πu₂, z₁ = √(−2 ln u₁)·sin 2πu₂ with
/// u₁ = 1 − NextDouble() ∈ (0, 1]. Gates are filled coordinate by coordinate, gate after gate, from one stream, so
/// a run is reproducible on the same machine (libm's cos/sin/log may differ between platforms in the last bit).
/// </para>
/// <para>
/// Ties: x̃ᵀg = 0 (exactly, in the double dot product summed in column order) counts as active, the P1
/// convention; zero rows are therefore always active. Ties produce face patterns, which are harmless (§3.1).
/// </para>
/// </summary>
public sealed class ArrangementSampler : IPatternSource
{
    public ArrangementSampler(int draws, int seed = 0)
    {
        if (draws < 1) throw new ArgumentOutOfRangeException(nameof(draws), "at least one gate must be drawn");
        Draws = draws;
        Seed = seed;
    }

    public int Draws { get; }
    public int Seed { get; }

    public PatternSet Build(double[,] xTilde, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var analysis = ArrangementAnalysis.Analyze(xTilde);
        int n = xTilde.GetLength(0), d = xTilde.GetLength(1);
        var gaussian = new GaussianStream(Seed);
        var builder = new PatternSetBuilder(n);
        var mask = new ulong[PatternSet.WordsFor(n)];
        for (int draw = 0; draw < Draws; draw++)
        {
            if ((draw & 1023) == 0) ct.ThrowIfCancellationRequested();
            var gate = new double[d];
            for (int j = 0; j < d; j++) gate[j] = gaussian.Next();
            Pattern(xTilde, gate, mask);
            builder.Add(mask, gate);
        }
        return builder.Build(PatternSet.SourceSample, Draws, analysis, clock, solverChecks: 0, exactRank: null);
    }

    /// <summary>Writes 1[X̃g ≥ 0] into <paramref name="mask"/> (layout of <see cref="PatternSet"/>).</summary>
    public static void Pattern(double[,] xTilde, ReadOnlySpan<double> gate, Span<ulong> mask)
    {
        int n = xTilde.GetLength(0), d = xTilde.GetLength(1);
        if (gate.Length != d) throw new ArgumentException($"gate has length {gate.Length}, X̃ has {d} columns");
        mask.Clear();
        for (int s = 0; s < n; s++)
        {
            double dot = 0;
            for (int j = 0; j < d; j++) dot += xTilde[s, j] * gate[j];
            if (dot >= 0) mask[s >> 6] |= 1UL << (s & 63);
        }
    }

    /// <summary>1[X̃g ≥ 0] as booleans (ties active).</summary>
    public static bool[] Pattern(double[,] xTilde, ReadOnlySpan<double> gate)
    {
        int n = xTilde.GetLength(0);
        var mask = new ulong[PatternSet.WordsFor(n)];
        Pattern(xTilde, gate, mask);
        var result = new bool[n];
        for (int s = 0; s < n; s++) result[s] = (mask[s >> 6] >> (s & 63) & 1UL) != 0;
        return result;
    }

    /// <summary>The seeded N(0, 1) stream described above, shared with other samplers so every draw follows one rule.</summary>
    internal sealed class GaussianStream(int seed)
    {
        private readonly Random _random = new(seed);
        private double _spare;
        private bool _hasSpare;

        public double Next()
        {
            if (_hasSpare) { _hasSpare = false; return _spare; }
            double u1 = 1.0 - _random.NextDouble();
            double u2 = _random.NextDouble();
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            _spare = radius * Math.Sin(2.0 * Math.PI * u2);
            _hasSpare = true;
            return radius * Math.Cos(2.0 * Math.PI * u2);
        }
    }
}
