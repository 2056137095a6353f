using System.Globalization;
using System.Text;
using ConicDsl.Bench.Peers;

namespace ConicDsl.Bench.Reporting;

/// <summary>
/// The CSV and markdown tables. Per instance, the best known optimum is the lowest network objective any peer
/// produced (every peer's network is a real network, so each is an upper bound on the global optimum); times to
/// 1e-3 and 1e-6 relative are measured against it.
/// </summary>
public static class ResultTables
{
    private static readonly string[] Columns =
        ["instance", "peer", "status", "network_objective", "convex_objective", "best_known", "t_1e-3_s", "t_1e-6_s", "solve_s", "wall_s", "cpu_s", "peak_mib", "gflops", "note"];

    public static double BestKnown(IEnumerable<PeerResult> rows) =>
        rows.Select(r => r.NetworkObjective).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min();

    public static string Csv(IReadOnlyList<PeerResult> rows)
    {
        var sb = new StringBuilder(string.Join(",", Columns)).Append('\n');
        foreach (var r in rows) sb.Append(string.Join(",", Cells(r, Best(rows, r)).Select(Quote))).Append('\n');
        return sb.ToString();
    }

    public static string Markdown(IReadOnlyList<PeerResult> rows, IEnumerable<string> preamble)
    {
        var sb = new StringBuilder();
        foreach (var line in preamble) sb.Append(line).Append('\n');
        sb.Append('\n').Append("| ").Append(string.Join(" | ", Columns)).Append(" |\n");
        sb.Append('|').Append(string.Concat(Columns.Select(_ => "---|"))).Append('\n');
        foreach (var r in rows) sb.Append("| ").Append(string.Join(" | ", Cells(r, Best(rows, r)).Select(c => c.Replace("|", "/")))).Append(" |\n");
        return sb.ToString();
    }

    private static double Best(IReadOnlyList<PeerResult> rows, PeerResult r) => BestKnown(rows.Where(o => o.Instance == r.Instance));

    private static IEnumerable<string> Cells(PeerResult r, double best) =>
    [
        r.Instance, r.Peer, r.Status, G(r.NetworkObjective), G(r.ConvexObjective), G(best),
        Reach(r, best, 1e-3), Reach(r, best, 1e-6), F(r.SolveSeconds), F(r.WallSeconds), F(r.CpuSeconds),
        r.PeakBytes > 0 ? (r.PeakBytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture) : "",
        r.Gflops is double g ? g.ToString("F2", CultureInfo.InvariantCulture) : "", r.Note,
    ];

    private static string Reach(PeerResult r, double best, double tol) =>
        !double.IsFinite(r.NetworkObjective) ? "" : r.TimeToReach(best, tol) is double t ? F(t) : "not reached";

    private static string G(double v) => double.IsFinite(v) ? v.ToString("G10", CultureInfo.InvariantCulture) : "";
    private static string F(double v) => double.IsFinite(v) ? v.ToString("F2", CultureInfo.InvariantCulture) : "";
    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
