using System.Numerics;

namespace ConicDsl.Compiler.Patterns;

/// <summary>
/// Turns reduced-row sign vectors and reduced-coordinate witnesses into n-length masks and d-length gates (math.md
/// §3.1: zero rows active, merged rows copy, anti-parallel rows complement).
/// </summary>
internal sealed class RegionRecorder
{
    private readonly ArrangementAnalysis _analysis;
    private readonly int[] _pivots;
    private readonly int _dimension;
    private readonly PatternSetBuilder _builder;
    private readonly ulong[] _mask;
    private readonly ulong[] _negated;

    public RegionRecorder(ArrangementAnalysis analysis, int[] pivots, PatternSetBuilder builder)
    {
        _analysis = analysis;
        _pivots = pivots;
        _dimension = analysis.Dimension;
        _builder = builder;
        _mask = new ulong[PatternSet.WordsFor(analysis.Samples)];
        _negated = new ulong[_mask.Length];
    }

    public void Record(ReadOnlySpan<sbyte> signs, BigInteger[] witness, bool withNegation) =>
        Record(signs, ExactArithmetic.ToUnitScaledDoubles(witness), withNegation);

    /// <summary>Records the region σ (and −σ when asked) with <paramref name="reducedWitness"/> in pivot coordinates.</summary>
    public void Record(ReadOnlySpan<sbyte> signs, double[] reducedWitness, bool withNegation)
    {
        Array.Clear(_mask);
        Array.Clear(_negated);
        for (int s = 0; s < _analysis.Samples; s++)
        {
            int k = _analysis.RowClass[s];
            bool active = k < 0 || signs[k] * _analysis.Orientation[s] > 0;
            bool activeNegated = k < 0 || !active;
            if (active) _mask[s >> 6] |= 1UL << (s & 63);
            if (activeNegated) _negated[s >> 6] |= 1UL << (s & 63);
        }
        var gate = new double[_dimension];
        for (int j = 0; j < _pivots.Length; j++) gate[_pivots[j]] = reducedWitness[j];
        _builder.Add(_mask, gate);
        if (withNegation)
        {
            var negatedGate = new double[_dimension];
            for (int j = 0; j < _dimension; j++) negatedGate[j] = gate[j] == 0 ? 0 : -gate[j];
            _builder.Add(_negated, negatedGate);
        }
    }
}
