using ConicDsl.Compiler.Data;

namespace ConicDsl.Compiler.Architectures.ConvDense;

/// <summary>
/// The patch matrices X_k (n × h) of the bound data for one three-layer CNN (math.md §6), and whether the first
/// layer's filter is shared across positions (E1) or separate per position (E2). A sub-network's parameter is
/// θ = vec(C), C = [c_1 … c_K] ∈ R^{h×K} stored column by column: θ[k·h + j] = C[j, k].
/// </summary>
public sealed class SubnetworkPatches
{
    private readonly double[][,] _x;
    private readonly bool[,] _zero;

    public SubnetworkPatches(PatchLayout layout, Dataset data, bool shared)
    {
        Layout = layout;
        Shared = shared;
        Samples = data.Samples;
        _x = Enumerable.Range(0, layout.Count).Select(k => layout.PatchMatrix(data, k)).ToArray();
        _zero = new bool[Positions, Samples];
        for (int k = 0; k < Positions; k++)
        for (int s = 0; s < Samples; s++)
        {
            bool zero = true;
            for (int j = 0; j < Size; j++) zero &= _x[k][s, j] == 0;
            _zero[k, s] = zero;
        }
    }

    public PatchLayout Layout { get; }

    /// <summary>E1: one filter u for every position; E2: a filter u_k per position.</summary>
    public bool Shared { get; }

    public int Samples { get; }

    /// <summary>K.</summary>
    public int Positions => _x.Length;

    /// <summary>h.</summary>
    public int Size => Layout.Size;

    /// <summary>p = h·K, the length of θ.</summary>
    public int Dimension => Positions * Size;

    public double this[int position, int sample, int entry] => _x[position][sample, entry];

    /// <summary>An all-zero patch: its hyperplane does not split space and its response is 0 for every filter.</summary>
    public bool IsZero(int position, int sample) => _zero[position, sample];

    public double[,] PatchMatrix(int position) => (double[,])_x[position].Clone();

    /// <summary>X_st = [X_1; …; X_K]: row k·n + s is patch k of sample s (the arrangement of a shared filter).</summary>
    public double[,] Stacked()
    {
        var m = new double[Samples * Positions, Size];
        for (int k = 0; k < Positions; k++)
        for (int s = 0; s < Samples; s++)
        for (int j = 0; j < Size; j++)
            m[k * Samples + s, j] = _x[k][s, j];
        return m;
    }
}
