using System.Globalization;
using ConicDsl.Backends;
using static ConicDsl.Cli.Reporting.NumberFormat;

namespace ConicDsl.Cli.RegularizationPaths;

/// <summary>The human-readable path report: what is shared once, then one row per β.</summary>
public static class PathTextReport
{
    public static void Write(PathReport r, TextWriter o)
    {
        var c = r.First;
        var p = c.Patterns;
        o.WriteLine($"model      {r.Model.Name} ({r.Model.SourcePath})");
        o.WriteLine($"data       {c.Data.Samples} rows x {c.Data.Features} feature(s), target {c.Data.TargetName}");
        o.WriteLine($"loss       {r.Model.Loss.Kind.ToString().ToLowerInvariant()}, {r.Model.Regularizer.Name} path: {r.Path.Steps} values of beta log-spaced from {Plain(r.Path.From)} to {Plain(r.Path.To)}");
        o.WriteLine($"patterns   {p.Count} ({(p.Source == "exact" ? "exact" : "sampled")}), computed once for every beta in {Seconds(c.PatternTime)}");
        o.WriteLine($"program    {c.Lowered.Program.Variables} variables, {c.Lowered.Program.Constraints} rows; lowered again per beta (only c changes)");
        o.WriteLine($"solver     {r.Backend}: " + (r.BackendWarmStarts
            ? "each beta starts from the previous beta's solution (warm start)"
            : "no warm start (this backend starts every solve from its own initial point)"));
        o.WriteLine();
        o.WriteLine($"{"beta",12} {"status",-16} {"objective",16} {"recovered",16} {"units",5} {"iters",6} {"warm",4} {"solve s",8}");
        foreach (var point in r.Points)
        {
            var s = point.Report;
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{point.Beta,12:G6} {s.Result.Status.ToWire(),-16} {Objective(s.Result.PrimalObjective),16} {Objective(s.NonConvexObjective),16} {s.ActiveNeurons,5} {s.Result.Iterations,6} {(point.WarmStarted ? "yes" : "no"),4} {s.Result.SolveTime.TotalSeconds,8:0.000}"));
        }
        var claim = r.Points.All(x => x.Report.Global)
            ? "every objective is the global optimum at its beta (all patterns)"
            : "objectives are optima over the sampled patterns: upper bounds on the global optima";
        o.WriteLine();
        o.WriteLine($"claim      {claim}");
        foreach (var f in r.WrittenFiles) o.WriteLine($"wrote      {f}");
    }
}
