using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Recovery;

namespace ConicDsl.Cli.Plotting;

/// <summary>Runs a recovered network forward on points that are not training data (a plot's grid), through the same
/// <see cref="ITrainedNetwork.Predict"/> that computes its training objective.</summary>
public static class NetworkGrid
{
    /// <param name="points">rows of feature values in the network's (standardised) units.</param>
    public static double[] Predict(ITrainedNetwork network, Dataset trainedOn, double[,] points)
    {
        var grid = new Dataset(trainedOn.Path, trainedOn.FeatureNames, trainedOn.TargetName, points,
            new double[points.GetLength(0)], trainedOn.Labels, trainedOn.Standardization);
        return network.Predict(grid);
    }

    /// <summary>count points from lo to hi, both included.</summary>
    public static double[] Linspace(double lo, double hi, int count) =>
        Enumerable.Range(0, count).Select(i => lo + (hi - lo) * i / (count - 1)).ToArray();

    /// <summary>[lo, hi] widened by a fraction of its length on each side (a point range of zero length gets ±1).</summary>
    public static (double Lo, double Hi) Padded(IReadOnlyCollection<double> values, double fraction)
    {
        double lo = values.Min(), hi = values.Max();
        double pad = hi > lo ? (hi - lo) * fraction : 1;
        return (lo - pad, hi + pad);
    }
}
