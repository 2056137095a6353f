using System.Globalization;
using System.Text;
using ConicDsl.Bench.Peers;

namespace ConicDsl.Bench.Reporting;

/// <summary>
/// The CSV and markdown tables. Per instance, the reference is the convex program's best known optimum
/// (<see cref="ConvexReference"/>); solvers are timed to within 1e-3 and 1e-6 of it, Adam to reaching its value
/// (<see cref="PeerResult.TimeToReach"/>). GFLOP/s is set against the GEMM peak measured in the preamble.
/// </summary>
public static class ResultTables
{
    private static readonly string[] Columns =
    [
        "instance", "peer", "status", "objective", "convex_reference", "reference_from", "rel_to_reference", "t_1e-3_s",
        "t_1e-6_s", "network_objective", "solve_s", "compile_s", "wall_s", "cpu_s", "peak_mib", "gflops", "pct_of_gemm_peak", "note",
    ];

    public static string Csv(IReadOnlyList<PeerResult> rows, double gemmPeak)
    {
        var sb = new StringBuilder(string.Join(",", Columns)).Append('\n');
        foreach (var r in rows) sb.Append(string.Join(",", Cells(r, Reference(rows, r), gemmPeak, csv: true).Select(Quote))).Append('\n');
        return sb.ToString();
    }

    public static string Markdown(IReadOnlyList<PeerResult> rows, IEnumerable<string> preamble, double gemmPeak)
    {
        var sb = new StringBuilder();
        foreach (var line in preamble) sb.Append(line).Append('\n');
        sb.Append('\n').Append("| ").Append(string.Join(" | ", Columns)).Append(" |\n");
        sb.Append('|').Append(string.Concat(Columns.Select(_ => "---|"))).Append('\n');
        foreach (var r in rows)
            sb.Append("| ").Append(string.Join(" | ", Cells(r, Reference(rows, r), gemmPeak, csv: false).Select(c => c.Replace("|", "/")))).Append(" |\n");
        return sb.ToString();
    }

    private static (double Value, string From) Reference(IReadOnlyList<PeerResult> rows, PeerResult r) =>
        ConvexReference.Of(rows.Where(o => o.Instance == r.Instance));

    private static IEnumerable<string> Cells(PeerResult r, (double Value, string From) reference, double gemmPeak, bool csv) =>
    [
        r.Instance, r.Peer, r.Status, G(r.Objective), G(reference.Value), reference.From,
        double.IsFinite(r.Objective) && double.IsFinite(reference.Value) ? E((r.Objective - reference.Value) / Math.Abs(reference.Value)) : "",
        Reach(r, reference.Value, 1e-3, csv), Reach(r, reference.Value, 1e-6, csv), G(r.NetworkObjective),
        F(r.SolveSeconds), F(r.CompileSeconds), F(r.WallSeconds), F(r.CpuSeconds),
        r.PeakBytes > 0 ? (r.PeakBytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture) : "",
        r.Gflops is double g ? g.ToString("F2", CultureInfo.InvariantCulture) : "",
        r.Gflops is double h && gemmPeak > 0 ? (100 * h / gemmPeak).ToString("F0", CultureInfo.InvariantCulture) : "",
        r.Note,
    ];

    /// <summary>Seconds; "≤ s" (CSV: "<=s") when only the final point is known; "not reached" when the peer had an
    /// objective but never came within.</summary>
    private static string Reach(PeerResult r, double reference, double tol, bool csv)
    {
        if (!double.IsFinite(r.Objective) || !double.IsFinite(reference)) return "";
        if (r.TimeToReach(reference, tol) is not { } reach) return "not reached";
        return reach.UpperBound ? (csv ? "<=" : "≤ ") + F(reach.Seconds) : F(reach.Seconds);
    }

    private static string G(double v) => double.IsFinite(v) ? v.ToString("G10", CultureInfo.InvariantCulture) : "";
    private static string E(double v) => v.ToString("+0.0E+0;-0.0E+0;0", CultureInfo.InvariantCulture);
    private static string F(double v) => double.IsFinite(v) ? v.ToString("F2", CultureInfo.InvariantCulture) : "";
    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
