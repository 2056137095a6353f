using ConicDsl.Bench.Measurement;
using ScottPlot;

namespace ConicDsl.Bench.Reporting;

/// <summary>The log-log plot of <see cref="IterationScaling"/>: seconds per iteration against each size relative to
/// the base point (log10 on both axes, so a slope of 1 is linear growth), one line per axis and a slope-1 guide.</summary>
public static class ScalingPlot
{
    public static void Save(IReadOnlyList<IterationScaling.Point> points, string pngPath)
    {
        var plot = new Plot();
        var axes = new (string Axis, Func<IterationScaling.Point, int> Size, int Base, Color Color)[]
        {
            ("n", p => p.N, IterationScaling.BaseN, Colors.C0),
            ("d", p => p.D, IterationScaling.BaseD, Colors.C1),
            ("P", p => p.P, IterationScaling.BaseP, Colors.C2),
        };
        double baseSeconds = points.First(p => p.Axis == "n" && p.N == IterationScaling.BaseN).SecondsPerIteration;
        foreach (var (axis, size, baseSize, color) in axes)
        {
            var line = points.Where(p => p.Axis == axis).ToList();
            var scatter = plot.Add.Scatter(
                line.Select(p => Math.Log10(size(p) / (double)baseSize)).ToArray(),
                line.Select(p => Math.Log10(p.SecondsPerIteration)).ToArray());
            scatter.Color = color;
            scatter.LineWidth = 2;
            scatter.MarkerSize = 6;
            scatter.LegendText = $"{axis} varied (slope {IterationScaling.Exponent(line, size):F2})";
        }
        var guide = plot.Add.Line(-0.7, Math.Log10(baseSeconds) - 0.7, 0.7, Math.Log10(baseSeconds) + 0.7);
        guide.LinePattern = LinePattern.Dotted;
        guide.Color = Colors.Gray;
        guide.LegendText = "slope 1 (linear)";
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => $"{Math.Pow(10, v):G2} s" };
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => $"×{Math.Pow(10, v):G2}" };
        plot.Title($"First-order (AL inner) iteration cost, base n={IterationScaling.BaseN}, d={IterationScaling.BaseD}, P={IterationScaling.BaseP} (log-log)");
        plot.XLabel("size relative to the base point");
        plot.YLabel("seconds per iteration");
        plot.ShowLegend(Alignment.UpperLeft);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pngPath))!);
        var temporary = pngPath + ".tmp.png";
        plot.SavePng(temporary, 900, 600);
        File.Move(temporary, pngPath, overwrite: true);
    }
}
