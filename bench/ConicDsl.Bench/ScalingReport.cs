using System.Globalization;
using System.Text;
using ConicDsl.Bench.Measurement;
using ConicDsl.Bench.Reporting;
using ConicDsl.Compiler.IO;

namespace ConicDsl.Bench;

/// <summary>The <c>scaling [OUT] [PNG]</c> mode: <see cref="IterationScaling"/> written to OUT/scaling.md and
/// scaling.csv and plotted to PNG (default docs/images/first-order-scaling.png).</summary>
public static class ScalingReport
{
    public static int Run(string outDir, string png)
    {
        string load = File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        var points = IterationScaling.Run(Console.Error.WriteLine).ToList();
        var md = new StringBuilder("# First-order iteration cost against n, d and P\n\n");
        md.Append($"- {Environment.ProcessorCount} cores; load average at start (1, 5, 15 min) {load}, at end {LoadNow()}; products through {ConicDsl.Compiler.FirstOrder.Gemms.Default.Name} (the solver's default)\n");
        md.Append("- one AL inner iteration as the solver runs it = ∇f at a point whose image is known (X̃ᵀR), a proximal step, the trial point's image and value (X̃Θ): 2 products of n×d×2P plus the elementwise passes; best of 3 repetitions of 3 iterations (large: 1 × 3)\n");
        foreach (var (axis, size) in new (string, Func<IterationScaling.Point, int>)[] { ("n", p => p.N), ("d", p => p.D), ("P", p => p.P) })
            md.Append($"- empirical exponent along {axis}: {IterationScaling.Exponent(points.Where(p => p.Axis == axis), size).ToString("F2", CultureInfo.InvariantCulture)}\n");
        md.Append("\n| varied | n | d | P | s/iteration | GFLOP/s |\n|---|---|---|---|---|---|\n");
        var csv = new StringBuilder("axis,n,d,P,seconds_per_iteration,gflops\n");
        foreach (var p in points)
        {
            string s = p.SecondsPerIteration.ToString("G4", CultureInfo.InvariantCulture), g = p.Gflops.ToString("F2", CultureInfo.InvariantCulture);
            md.Append($"| {p.Axis} | {p.N} | {p.D} | {p.P} | {s} | {g} |\n");
            csv.Append($"{p.Axis},{p.N},{p.D},{p.P},{s},{g}\n");
        }
        Directory.CreateDirectory(outDir);
        AtomicFile.WriteAllText(Path.Combine(outDir, "scaling.md"), md.ToString());
        AtomicFile.WriteAllText(Path.Combine(outDir, "scaling.csv"), csv.ToString());
        ScalingPlot.Save(points, png);
        Console.Error.WriteLine($"wrote {Path.Combine(outDir, "scaling.md")}, scaling.csv and {png}");
        return 0;
    }

    private static string LoadNow() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
