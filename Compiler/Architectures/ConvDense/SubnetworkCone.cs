using ConicDsl.Compiler.Patterns;

namespace ConicDsl.Compiler.Architectures.ConvDense;

/// <summary>
/// One cone of math.md §6 for a sub-network x ↦ (Σ_k (X_k u_k)_+ w_k)_+: the first-layer patterns D^k (stacked,
/// entry k·n + s), the state of each position (+1: w_k ≥ 0, −1: w_k ≤ 0, 0: off) and the second-layer pattern D'.
/// <para>
/// A position is off when D^k X_k = 0: it then adds nothing to the second layer whatever w_k is, and w_k = 0 is never
/// worse (same output, smaller ‖w‖). One cone stands for both signs, and the recovery sets w_k = 0 there.
/// </para>
/// <para>
/// Pattern sets store a cone as one mask of nK + 2K + n bits: D^k, then per position an "on" bit and a "+" bit, then
/// D'. The all-zero mask never occurs (a cone with D' = 0 contributes nothing and is not kept).
/// </para>
/// </summary>
public sealed record SubnetworkCone(bool[] FirstLayer, sbyte[] Signs, bool[] SecondLayer)
{
    public int Positions => Signs.Length;
    public int Samples => SecondLayer.Length;

    public bool Live(int position) => Signs[position] != 0;

    public bool Active(int position, int sample) => FirstLayer[position * Samples + sample];

    public static int MaskLength(int samples, int positions) => samples * positions + 2 * positions + samples;

    public ulong[] ToMask()
    {
        int n = Samples, k = Positions;
        var mask = new ulong[PatternSet.WordsFor(MaskLength(n, k))];
        void Set(int bit) => mask[bit >> 6] |= 1UL << (bit & 63);
        for (int i = 0; i < n * k; i++) if (FirstLayer[i]) Set(i);
        for (int p = 0; p < k; p++)
        {
            if (Signs[p] != 0) Set(n * k + 2 * p);
            if (Signs[p] > 0) Set(n * k + 2 * p + 1);
        }
        for (int s = 0; s < n; s++) if (SecondLayer[s]) Set(n * k + 2 * k + s);
        return mask;
    }

    public static SubnetworkCone Read(PatternSet set, int index, int samples, int positions)
    {
        int n = samples, k = positions;
        if (set.Samples != MaskLength(n, k)) throw new ArgumentException("the pattern set does not hold three-layer CNN cones of this shape");
        var first = new bool[n * k];
        for (int i = 0; i < n * k; i++) first[i] = set.IsActive(index, i);
        var signs = new sbyte[k];
        for (int p = 0; p < k; p++)
            signs[p] = !set.IsActive(index, n * k + 2 * p) ? (sbyte)0 : set.IsActive(index, n * k + 2 * p + 1) ? (sbyte)1 : (sbyte)-1;
        var second = new bool[n];
        for (int s = 0; s < n; s++) second[s] = set.IsActive(index, n * k + 2 * k + s);
        return new SubnetworkCone(first, signs, second);
    }
}
