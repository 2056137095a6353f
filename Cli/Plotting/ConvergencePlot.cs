using ConicDsl.Backends;
using ConicDsl.Cli.Reporting;
using ScottPlot;

namespace ConicDsl.Cli.Plotting;

/// <summary>
/// The solver's convergence: relative primal residual, dual residual and gap against the iteration, on a log axis
/// (plotted as log10; zeros and non-finite values are drawn at 1e-20 so the axis stays finite). Only backends that
/// record their iterations (native) have a history; others get a warning and no file.
/// </summary>
public static class ConvergencePlot
{
    private const double Floor = 1e-20;

    public static (Plot? Plot, string? Refusal) Draw(SolveReport report)
    {
        var history = report.Result.History;
        if (history.IsDefaultOrEmpty)
            return (null, $"backend '{report.Result.Backend}' records no per-iteration history (only native does)");
        var iterations = history.Select(h => (double)h.Iteration).ToArray();
        var plot = new Plot();
        Add(plot, iterations, history.Select(h => h.PrimalResidual), "primal residual", Colors.C0, LinePattern.Solid);
        Add(plot, iterations, history.Select(h => h.DualResidual), "dual residual", Colors.C1, LinePattern.Dashed);
        Add(plot, iterations, history.Select(h => h.Gap), "gap", Colors.C2, LinePattern.Dotted);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => $"1e{v:0}",
        };
        plot.Title($"{report.Compiled.Model.Name}: {report.Result.Backend} convergence ({report.Result.Status.ToWire()}, {report.Result.Iterations} iterations)");
        plot.XLabel("iteration");
        plot.YLabel("relative residual / gap (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        return (plot, null);
    }

    private static void Add(Plot plot, double[] x, IEnumerable<double> values, string label, Color color, LinePattern pattern)
    {
        var y = values.Select(v => Math.Log10(double.IsFinite(v) ? Math.Max(Math.Abs(v), Floor) : Floor)).ToArray();
        var line = plot.Add.Scatter(x, y);
        line.Color = color;
        line.LineWidth = 2;
        line.MarkerSize = 4;
        line.LinePattern = pattern;
        line.LegendText = label;
    }
}
