using System.Globalization;
using ConicDsl.Cli.RegularizationPaths;
using ScottPlot;

namespace ConicDsl.Cli.Plotting;

/// <summary>
/// A regularization path: the optimal objective (left axis) and the recovered network's active units (right axis)
/// against β on a log axis. β values whose solve recovered no network are left out.
/// </summary>
public static class RegularizationPathPlot
{
    public static Plot Draw(PathReport report)
    {
        var points = report.Points.Where(p => p.Report.Recovery is not null && double.IsFinite(p.Report.Result.PrimalObjective)).ToArray();
        var logBeta = points.Select(p => Math.Log10(p.Beta)).ToArray();

        var plot = new Plot();
        var objective = plot.Add.Scatter(logBeta, points.Select(p => p.Report.Result.PrimalObjective).ToArray());
        objective.Color = Colors.C0;
        objective.LineWidth = 2;
        objective.MarkerSize = 7;
        objective.LegendText = "optimal objective";

        var units = plot.Add.Scatter(logBeta, points.Select(p => (double)p.Report.ActiveNeurons).ToArray());
        units.Color = Colors.C1;
        units.LineWidth = 2;
        units.MarkerSize = 7;
        units.MarkerShape = MarkerShape.FilledSquare;
        units.LinePattern = LinePattern.Dashed; // a count at each β; the dashes only guide the eye
        units.LegendText = "active units (right axis)";
        units.Axes.YAxis = plot.Axes.Right;

        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => Math.Pow(10, v).ToString("G3", CultureInfo.InvariantCulture),
        };
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Right.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

        plot.Title($"{report.Model.Name}: regularization path ({report.Points.Count} values of beta, {report.Backend})");
        plot.XLabel("weight decay beta (log scale)");
        plot.YLabel("objective");
        plot.Axes.Right.Label.Text = "active units";
        plot.ShowLegend(Alignment.UpperCenter);
        if (points.Length > 0)
        {
            double top = points.Max(p => p.Report.ActiveNeurons);
            plot.Axes.SetLimitsY(0, Math.Max(1, top) * 1.1, plot.Axes.Right);
        }
        return plot;
    }
}
