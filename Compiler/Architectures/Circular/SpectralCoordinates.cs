using ConicDsl.Compiler.Data;

namespace ConicDsl.Compiler.Architectures.Circular;

/// <summary>
/// The variables θ of a circular program: the real Fourier coefficients ρ of v (v_ch = Qρ_ch), class by class, each
/// class holding its Q-columns for every input channel, so every penalty group is one contiguous slice. A class
/// the data never excite (its feature columns XQ vanish, below 1e-12 of the largest) is left out: it changes no
/// prediction and no cone, only adds penalty, so it is zero at every optimum — band-limited data give a program
/// over their band only.
/// </summary>
public sealed class SpectralCoordinates
{
    private const double SilentColumn = 1e-12;

    private readonly (int Class, int Channel, int Column)[] _entries;

    private SpectralCoordinates(RealFourierBasis basis, int channels, IReadOnlyList<int> kept,
        (int, int, int)[] entries, double[,] features, GroupNormPenalty penalty)
    {
        Basis = basis;
        Channels = channels;
        Kept = kept;
        _entries = entries;
        Features = features;
        Penalty = penalty;
    }

    public RealFourierBasis Basis { get; }
    public int Channels { get; }

    /// <summary>Indices into <see cref="RealFourierBasis.Classes"/> of the classes in θ, in θ's order (one penalty group each).</summary>
    public IReadOnlyList<int> Kept { get; }

    public int Dimension => _entries.Length;

    /// <summary>X in these coordinates (n × <see cref="Dimension"/>): x'v = Features·θ.</summary>
    public double[,] Features { get; }

    /// <summary>The spectral penalty N(θ) for k circular layers (<see cref="SpectralGauge"/>).</summary>
    public GroupNormPenalty Penalty { get; }

    public static SpectralCoordinates Create(Dataset data, RealFourierBasis basis, int channels, int circularLayers)
    {
        int n = data.Samples, d = basis.Length;
        var x = data.DesignMatrix(false);
        var full = new double[n, channels * d];
        for (int ch = 0; ch < channels; ch++) basis.MultiplyRight(x, ch * d, full, ch * d);
        var columnNorm = new double[channels * d];
        for (int j = 0; j < columnNorm.Length; j++)
        {
            double s = 0;
            for (int k = 0; k < n; k++) s += full[k, j] * full[k, j];
            columnNorm[j] = Math.Sqrt(s);
        }
        double largest = columnNorm.DefaultIfEmpty(0).Max();
        var kept = new List<int>();
        for (int g = 0; g < basis.Classes.Count; g++)
        {
            var cls = basis.Classes[g];
            bool excited = Enumerable.Range(0, channels).Any(ch => cls.Columns.Any(j => columnNorm[ch * d + j] > SilentColumn * largest));
            if (excited || largest == 0) kept.Add(g);
        }
        var entries = new List<(int, int, int)>();
        var groups = new List<(int[], double)>();
        foreach (var g in kept)
        {
            var cls = basis.Classes[g];
            int start = entries.Count;
            for (int ch = 0; ch < channels; ch++)
                foreach (var j in cls.Columns) entries.Add((g, ch, j));
            groups.Add((Enumerable.Range(start, entries.Count - start).ToArray(), SpectralGauge.Weight(cls, d, circularLayers)));
        }
        var features = new double[n, entries.Count];
        for (int e = 0; e < entries.Count; e++)
        {
            var (_, ch, j) = entries[e];
            for (int k = 0; k < n; k++) features[k, e] = full[k, ch * d + j];
        }
        return new SpectralCoordinates(basis, channels, kept, entries.ToArray(), features, new GroupNormPenalty(entries.Count, groups));
    }

    /// <summary>v_ch = Q ρ_ch for every channel, from θ.</summary>
    public double[][] Synthesize(ReadOnlySpan<double> theta)
    {
        int d = Basis.Length;
        var rho = new double[Channels][];
        for (int ch = 0; ch < Channels; ch++) rho[ch] = new double[d];
        for (int e = 0; e < _entries.Length; e++)
        {
            var (_, ch, j) = _entries[e];
            rho[ch][j] = theta[e];
        }
        return rho.Select(r => Basis.Synthesize(r)).ToArray();
    }
}
