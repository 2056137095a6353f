using System.Globalization;
using System.Text;
using ConicDsl.Bench.Peers;

namespace ConicDsl.Bench.Reporting;

/// <summary>
/// The CSV (every run, with its <c>run</c> number, so nothing is hidden) and the markdown table (one row per peer and
/// instance: the median and, where runs differ, the min–max of each figure over its runs, then the Targets section).
/// Per instance, the reference is the convex program's best known optimum (<see cref="ConvexReference"/>); solvers
/// are timed to within 1e-3, 1e-4 and 1e-6 of it, Adam to reaching its value (<see cref="PeerResult.TimeToReach"/>),
/// and solvers reporting a dual bound to a certified gap (<see cref="PeerResult.TimeToGap"/>). GFLOP/s is set against
/// the GEMM peak measured in the preamble.
/// </summary>
public static class ResultTables
{
    public static readonly double[] Tolerances = [1e-3, 1e-4, 1e-6];
    public static readonly double[] GapTolerances = [1e-3, 1e-4, 1e-6];

    private static string[] Columns(string runColumn) =>
    [
        "instance", "peer", runColumn, "status", "objective", "objective_median_starts", "convex_reference", "reference_from", "rel_to_reference",
        .. Tolerances.Select(t => $"t_{T(t)}_s"), "gap_final", .. GapTolerances.Select(t => $"t_gap_{T(t)}_s"),
        "network_objective", "solve_s", "compile_s", "wall_s", "cpu_s", "peak_mib", "gflops", "pct_of_gemm_peak", "note",
    ];

    public static string Csv(IReadOnlyList<PeerResult> rows, double gemmPeak)
    {
        var sb = new StringBuilder(string.Join(",", Columns("run"))).Append('\n');
        foreach (var r in rows)
            sb.Append(string.Join(",", Cells([r], Reference(rows, r), gemmPeak, csv: true).Select(Quote))).Append('\n');
        return sb.ToString();
    }

    public static string Markdown(IReadOnlyList<PeerResult> rows, IEnumerable<string> preamble, double gemmPeak)
    {
        var sb = new StringBuilder();
        foreach (var line in preamble) sb.Append(line).Append('\n');
        var columns = Columns("runs");
        sb.Append('\n').Append("| ").Append(string.Join(" | ", columns)).Append(" |\n");
        sb.Append('|').Append(string.Concat(columns.Select(_ => "---|"))).Append('\n');
        foreach (var runs in Groups(rows))
            sb.Append("| ").Append(string.Join(" | ", Cells(runs, Reference(rows, runs[0]), gemmPeak, csv: false).Select(c => c.Replace("|", "/")))).Append(" |\n");
        sb.Append('\n');
        foreach (var line in Targets.Lines(rows, gemmPeak)) sb.Append(line).Append('\n');
        return sb.ToString();
    }

    /// <summary>The runs of each peer on each instance, in the order they were first run.</summary>
    public static List<List<PeerResult>> Groups(IEnumerable<PeerResult> rows) =>
        rows.GroupBy(r => (r.Instance, r.Peer)).Select(g => g.ToList()).ToList();

    public static ConvexReference.Value Reference(IReadOnlyList<PeerResult> rows, PeerResult r) =>
        ConvexReference.Of(rows.Where(o => o.Instance == r.Instance));

    /// <summary>The seconds each run took to reach <paramref name="tol"/> (NaN: not reached), and whether they are
    /// only upper bounds (no history).</summary>
    public static (double[] Seconds, bool UpperBound) Reaches(IReadOnlyList<PeerResult> runs, double reference, double tol)
    {
        var reach = runs.Select(r => r.TimeToReach(reference, tol)).ToList();
        return (reach.Select(x => x?.Seconds ?? double.NaN).ToArray(), reach.Any(x => x?.UpperBound == true));
    }

    private static IEnumerable<string> Cells(IReadOnlyList<PeerResult> runs, ConvexReference.Value reference, double gemmPeak, bool csv)
    {
        var r = runs[0];
        string S(Func<PeerResult, double> f, string format) => Spread.Of(runs.Select(f)).Cell(format);
        var objective = Spread.Of(runs.Select(o => o.Objective));
        return
        [
            r.Instance, r.Peer, csv ? r.Run.ToString(CultureInfo.InvariantCulture) : runs.Count.ToString(CultureInfo.InvariantCulture),
            Statuses(runs), S(o => o.Objective, "G10"),
            r.StartObjectives is { Count: > 0 } starts ? Spread.Of(starts).Median.ToString("G10", CultureInfo.InvariantCulture) : "",
            G(reference.Objective), reference.From,
            double.IsFinite(objective.Median) && double.IsFinite(reference.Objective) ? S(o => (o.Objective - reference.Objective) / Math.Abs(reference.Objective), "+0.0E+0;-0.0E+0;0") : "",
            .. Tolerances.Select(t => Reach(runs, reference.Objective, t, csv)),
            S(o => o.FinalGap, "0.0E+0"),
            .. GapTolerances.Select(t => GapReach(runs, t)),
            S(o => o.NetworkObjective, "G10"), S(o => o.SolveSeconds, "F2"), S(o => o.CompileSeconds, "F2"),
            S(o => o.WallSeconds, "F2"), S(o => o.CpuSeconds, "F2"),
            S(o => o.PeakBytes > 0 ? o.PeakBytes / 1048576.0 : double.NaN, "F0"),
            S(o => o.Gflops ?? double.NaN, "F2"),
            gemmPeak > 0 ? S(o => o.Gflops is double g ? 100 * g / gemmPeak : double.NaN, "F0") : "",
            csv || runs.Count > 1 || r.EndedByItself ? r.Note : r.Note + $" (run once: a {r.Status} run is not repeated)",
        ];
    }

    private static string Statuses(IReadOnlyList<PeerResult> runs) =>
        string.Join(", ", runs.GroupBy(r => r.Status).Select(g => runs.Count == 1 ? g.Key : $"{g.Key} ×{g.Count()}"));

    /// <summary>Median (min–max) seconds over the runs that got there; "≤ s" (CSV: "<=s") when only final points are
    /// known; "not reached" when no run got there, "k of K reached" appended when only some did.</summary>
    private static string Reach(IReadOnlyList<PeerResult> runs, double reference, double tol, bool csv)
    {
        if (!runs.Any(r => double.IsFinite(r.Objective)) || !double.IsFinite(reference)) return "";
        var (seconds, upper) = Reaches(runs, reference, tol);
        return Timed(seconds, runs.Count(r => double.IsFinite(r.Objective)), upper ? (csv ? "<=" : "≤ ") : "");
    }

    private static string GapReach(IReadOnlyList<PeerResult> runs, double tol)
    {
        if (!runs.Any(r => r.Runs.Any(h => h.Any(p => double.IsFinite(p.Dual))))) return "";
        return Timed(runs.Select(r => r.TimeToGap(tol) ?? double.NaN).ToArray(), runs.Count, "");
    }

    private static string Timed(double[] seconds, int of, string prefix)
    {
        var spread = Spread.Of(seconds);
        if (spread.Count == 0) return "not reached";
        return prefix + spread.Cell("F2") + (spread.Count < of ? $" ({spread.Count} of {of} reached)" : "");
    }

    private static string T(double tol) => tol.ToString("0e0", CultureInfo.InvariantCulture).Replace("e", "e-").Replace("e--", "e-");
    private static string G(double v) => double.IsFinite(v) ? v.ToString("G10", CultureInfo.InvariantCulture) : "";
    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
