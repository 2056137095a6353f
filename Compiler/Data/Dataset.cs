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
/// The C ≥ 2 targets of a vector-output network (math.md §7): either C target columns (<see cref="Classes"/> empty)
/// or one class-label column one-hot encoded, output k standing for the k-th smallest label <see cref="Classes"/>[k].
/// </summary>
/// <param name="Names">One name per output: the column's name, or <c>column=label</c> for a class.</param>
/// <param name="Encoding">What the target entries hold, in words (for reports).</param>
public sealed record OutputTargets(ImmutableArray<string> Names, ImmutableArray<double> Classes, string Encoding)
{
    public int Count => Names.Length;

    public bool OneHot => !Classes.IsDefaultOrEmpty;
}

/// <summary>
/// Training data bound to a model: n samples of d features (after standardisation, if asked for) and the
/// targets in the units the loss uses (±1 for hinge). With C ≥ 2 outputs (<see cref="Outputs"/>) the targets are
/// an n × C matrix, stored and returned row-major as n·C numbers (sample k's outputs at k·C … k·C + C − 1), the same
/// layout <see cref="Recovery.ITrainedNetwork.Predict"/> uses, so any loss that sums over entries applies unchanged.
/// Values are copied in and never exposed mutably.
/// </summary>
public sealed class Dataset
{
    private readonly double[,] _x;
    private readonly double[] _y;

    public Dataset(string path, ImmutableArray<string> featureNames, string targetName, double[,] features,
        double[] targets, LabelMapping? labels, Standardization? standardization, OutputTargets? outputTargets = null)
    {
        int outputs = outputTargets?.Count ?? 1;
        if (outputTargets is not null && outputs < 2) throw new ArgumentException("vector targets need at least two outputs");
        if (features.GetLength(0) * outputs != targets.Length) throw new ArgumentException("row count mismatch");
        if (features.GetLength(1) != featureNames.Length) throw new ArgumentException("feature count mismatch");
        Path = path;
        FeatureNames = featureNames;
        TargetName = targetName;
        _x = (double[,])features.Clone();
        _y = (double[])targets.Clone();
        Labels = labels;
        Standardization = standardization;
        OutputTargets = outputTargets;
    }

    public string Path { get; }
    public ImmutableArray<string> FeatureNames { get; }
    public string TargetName { get; }
    public LabelMapping? Labels { get; }
    public Standardization? Standardization { get; }

    /// <summary>How the targets of a vector-output network were read; null for one output.</summary>
    public OutputTargets? OutputTargets { get; }

    public int Samples => _x.GetLength(0);
    public int Features => FeatureNames.Length;

    /// <summary>C, the number of outputs the targets have.</summary>
    public int Outputs => OutputTargets?.Count ?? 1;

    public double Feature(int sample, int feature) => _x[sample, feature];
    public double Target(int sample) => Outputs == 1 ? _y[sample] : throw new InvalidOperationException("the data has vector targets");
    public double Target(int sample, int output) => _y[sample * Outputs + output];

    /// <summary>The targets, n numbers (n·C row-major with vector targets).</summary>
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
