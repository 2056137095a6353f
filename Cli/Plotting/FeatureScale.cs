using ConicDsl.Compiler.Data;

namespace ConicDsl.Cli.Plotting;

/// <summary>
/// The network runs on the standardised features (when the model asks for <c>standardize</c>); plots are drawn in the
/// data file's units, so grid points are mapped into the network's units and back with z = (x − mean)/scale.
/// </summary>
public sealed class FeatureScale(Dataset data)
{
    public double ToData(int feature, double z) =>
        data.Standardization is { } s ? z * s.Scale[feature] + s.Mean[feature] : z;

    public double ToNetwork(int feature, double x) =>
        data.Standardization is { } s ? (x - s.Mean[feature]) / s.Scale[feature] : x;

    /// <summary>The training inputs of one feature, in the data file's units.</summary>
    public double[] Column(int feature) =>
        Enumerable.Range(0, data.Samples).Select(k => ToData(feature, data.Feature(k, feature))).ToArray();
}
