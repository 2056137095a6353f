using System.Globalization;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Recovery;
using ScottPlot;

namespace ConicDsl.Cli.Plotting;

/// <summary>
/// Two input features, a ±1 classifier (hinge loss): the regions where the recovered network predicts +1 (f ≥ 0) and
/// −1 (f &lt; 0) on a grid, with the training points coloured by their label, in the data file's units.
/// </summary>
public static class DecisionRegionPlot
{
    private const int GridPoints = 240;

    private static readonly Color Negative = Colors.C0, Positive = Colors.C1;

    public static Plot Draw(ITrainedNetwork network, Dataset data, string title)
    {
        var scale = new FeatureScale(data);
        var x1 = scale.Column(0);
        var x2 = scale.Column(1);
        var (lo1, hi1) = NetworkGrid.Padded(x1, 0.1);
        var (lo2, hi2) = NetworkGrid.Padded(x2, 0.1);
        var g1 = NetworkGrid.Linspace(lo1, hi1, GridPoints);
        var g2 = NetworkGrid.Linspace(lo2, hi2, GridPoints);

        var points = new double[GridPoints * GridPoints, 2];
        for (int r = 0; r < GridPoints; r++)
        for (int c = 0; c < GridPoints; c++)
        {
            points[r * GridPoints + c, 0] = scale.ToNetwork(0, g1[c]);
            points[r * GridPoints + c, 1] = scale.ToNetwork(1, g2[GridPoints - 1 - r]); // row 0 is drawn at the top
        }
        var f = NetworkGrid.Predict(network, data, points);
        var regions = new double[GridPoints, GridPoints];
        for (int r = 0; r < GridPoints; r++)
        for (int c = 0; c < GridPoints; c++)
            regions[r, c] = f[r * GridPoints + c] >= 0 ? 1 : 0; // the classifier's rule: sign(f), ties positive

        var plot = new Plot();
        var map = plot.Add.Heatmap(regions);
        map.Colormap = new TwoColors(Negative.WithAlpha(0.25), Positive.WithAlpha(0.25));
        map.Extent = new CoordinateRect(lo1, hi1, lo2, hi2);

        var y = data.Targets();
        AddClass(plot, x1, x2, y, -1, Negative, $"label {Label(data.Labels?.Negative ?? -1)} (region f < 0)");
        AddClass(plot, x1, x2, y, +1, Positive, $"label {Label(data.Labels?.Positive ?? 1)} (region f >= 0)");

        plot.Title(title);
        plot.XLabel(data.FeatureNames[0]);
        plot.YLabel(data.FeatureNames[1]);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.SetLimits(lo1, hi1, lo2, hi2);
        return plot;
    }

    private static void AddClass(Plot plot, double[] x1, double[] x2, double[] y, double label, Color color, string legend)
    {
        var idx = Enumerable.Range(0, y.Length).Where(k => y[k] == label).ToArray();
        if (idx.Length == 0) return;
        var points = plot.Add.ScatterPoints(idx.Select(k => x1[k]).ToArray(), idx.Select(k => x2[k]).ToArray());
        points.Color = color;
        points.MarkerSize = 9;
        points.MarkerShape = label > 0 ? MarkerShape.FilledCircle : MarkerShape.FilledSquare;
        points.LegendText = legend;
    }

    private static string Label(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>Intensity 0 → the first colour, 1 → the second: two flat regions, no gradient.</summary>
    private sealed class TwoColors(Color low, Color high) : IColormap
    {
        public string Name => "two regions";

        public Color GetColor(double normalizedIntensity) => normalizedIntensity >= 0.5 ? high : low;
    }
}
