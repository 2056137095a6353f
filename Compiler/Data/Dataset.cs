using System.Collections.Immutable;

namespace ConicDsl.Compiler.Data;

/// <summary>How a two-valued label column was mapped to the ±1 labels the hinge loss needs.</summary>
public sealed record LabelMapping(double Negative, double Positive)
{
    public bool IsIdentity => Negative == -1 && Positive == 1;

    public override string ToString() => $"{Negative} → −1, {Positive} → +1";
}

/// <summary>Per-feature affine map z = (x − Mean)/Scale applied before training (the <c>standardize</c> option).</summary>
public sealed record Standardization(ImmutableArray<double> Mean, ImmutableArray<double> Scale);

/// <summary>
/// Training data bound to a model: n samples of d features (after standardisation, if asked for) and the
/// targets in the units the loss uses (±1 for hinge). Values are copied in and never exposed mutably.
/// </summary>
public sealed class Dataset
{
    private readonly double[,] _x;
    private readonly double[] _y;

    public Dataset(string path, ImmutableArray<string> featureNames, string targetName, double[,] features,
        double[] targets, LabelMapping? labels, Standardization? standardization)
    {
        if (features.GetLength(0) != targets.Length) throw new ArgumentException("row count mismatch");
        if (features.GetLength(1) != featureNames.Length) throw new ArgumentException("feature count mismatch");
        Path = path;
        FeatureNames = featureNames;
        TargetName = targetName;
        _x = (double[,])features.Clone();
        _y = (double[])targets.Clone();
        Labels = labels;
        Standardization = standardization;
    }

    public string Path { get; }
    public ImmutableArray<string> FeatureNames { get; }
    public string TargetName { get; }
    public LabelMapping? Labels { get; }
    public Standardization? Standardization { get; }

    public int Samples => _y.Length;
    public int Features => FeatureNames.Length;

    public double Feature(int sample, int feature) => _x[sample, feature];
    public double Target(int sample) => _y[sample];
    public double[] Targets() => (double[])_y.Clone();

    /// <summary>The matrix X̃ the convex program is built on: the features, plus a ones column when
    /// <paramref name="withBias"/> (always the last column).</summary>
    public double[,] DesignMatrix(bool withBias)
    {
        int n = Samples, d = Features;
        var m = new double[n, d + (withBias ? 1 : 0)];
        for (int k = 0; k < n; k++)
        {
            for (int j = 0; j < d; j++) m[k, j] = _x[k, j];
            if (withBias) m[k, d] = 1.0;
        }
        return m;
    }
}
