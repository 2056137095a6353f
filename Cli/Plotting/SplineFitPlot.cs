using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Recovery;
using ScottPlot;

namespace ConicDsl.Cli.Plotting;

/// <summary>
/// One input feature: the training points, the recovered network's function on a fine grid, and its knots (for a
/// two-layer ReLU network, where a neuron's w·x + b crosses zero), drawn in the data file's units.
/// </summary>
public static class SplineFitPlot
{
    /// <summary>Grid points: enough that every kink between two grid points is drawn as a visible corner.</summary>
    private const int GridPoints = 2001;

    public static Plot Draw(ITrainedNetwork network, Dataset data, string title)
    {
        var scale = new FeatureScale(data);
        var xs = scale.Column(0);
        var ys = data.Targets();
        var knots = network is TwoLayerReluNetwork relu ? SplineKnots.Of(relu).Select(k => scale.ToData(0, k.X)).ToArray() : [];
        var (lo, hi) = NetworkGrid.Padded(xs, 0.05);

        var gridX = NetworkGrid.Linspace(lo, hi, GridPoints);
        var points = new double[GridPoints, 1];
        for (int i = 0; i < GridPoints; i++) points[i, 0] = scale.ToNetwork(0, gridX[i]);
        var gridY = NetworkGrid.Predict(network, data, points);

        var plot = new Plot();
        var fit = plot.Add.ScatterLine(gridX, gridY);
        fit.LineWidth = 2;
        fit.Color = Colors.C0;
        fit.LegendText = "recovered network";

        var samples = plot.Add.ScatterPoints(xs, ys);
        samples.MarkerSize = 8;
        samples.Color = Colors.Black;
        samples.LegendText = "training data";

        var inside = knots.Where(k => k >= lo && k <= hi).ToArray();
        if (inside.Length > 0)
        {
            var knotPoints = new double[inside.Length, 1];
            for (int i = 0; i < inside.Length; i++) knotPoints[i, 0] = scale.ToNetwork(0, inside[i]);
            var marks = plot.Add.Markers(inside, NetworkGrid.Predict(network, data, knotPoints));
            marks.MarkerShape = MarkerShape.OpenDiamond;
            marks.MarkerSize = 14;
            marks.Color = Colors.C3;
            marks.LegendText = $"knots ({inside.Length})";
            foreach (var k in inside)
            {
                var line = plot.Add.VerticalLine(k);
                line.LinePattern = LinePattern.Dotted;
                line.Color = Colors.C3.WithAlpha(0.35);
                line.LineWidth = 1;
            }
        }

        plot.Title(title);
        plot.XLabel(data.FeatureNames[0]);
        plot.YLabel(data.TargetName);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.SetLimitsX(lo, hi);
        return plot;
    }
}
