using ConicDsl.Bench.Peers;
using ConicDsl.Bench.Reporting;

namespace ConicDsl.Bench;

/// <summary>
/// The bench's <c>selftest</c> mode: the medians, the repeats rule, the reading of <c>solve --json</c> with and
/// without the dual-bound keys, the certified reference and the target verdicts, checked on hand-written reports
/// whose answers follow from the definitions by hand (the comment at each check gives the arithmetic). A mode of the
/// bench rather than NUnit tests: the Tests project does not reference the bench (an executable with its own
/// plotting and BLAS dependencies), and these checks need no solver. Exit code 1 when a check fails.
/// </summary>
public static class SelfTest
{
    private static int checks, failures;

    public static int Run()
    {
        Medians();
        RepeatsRule();
        ReportWithoutDualKeys();
        ReportWithDualKeys();
        CertifiedReference();
        TargetVerdicts();
        Console.WriteLine($"selftest: {checks} checks, {failures} failed");
        return failures == 0 ? 0 : 1;
    }

    private static void Check(bool ok, string what)
    {
        checks++;
        if (ok) return;
        failures++;
        Console.WriteLine($"FAILED: {what}");
    }

    private static void Medians()
    {
        // Sorted 1, 2, 9: median 2; the NaN (a figure a run did not have) is left out.
        var odd = Spread.Of([9, double.NaN, 1, 2]);
        Check(odd is { Median: 2, Min: 1, Max: 9, Count: 3 }, "median of 9, NaN, 1, 2 is 2 over 3 values");
        Check(odd.Cell("F1") == "2.0 (1.0–9.0)", $"cell of 1, 2, 9: '{odd.Cell("F1")}'");
        // Even count: the mean of the middle two, (2 + 4)/2 = 3.
        Check(Spread.Of([4, 1, 2, 10]).Median == 3, "median of 1, 2, 4, 10 is 3");
        Check(Spread.Of([5, 5]).Cell("F0") == "5", "equal runs print one number");
        Check(Spread.Of([double.NaN]).Cell("F0") == "", "no value, empty cell");
    }

    private static void RepeatsRule()
    {
        var done = new List<PeerResult>();
        Orchestrator.Repeat(3, k => Solver("optimal", 1.0, run: k), done.Add);
        Check(done.Select(r => r.Run).SequenceEqual([1, 2, 3]), "three runs that end by themselves are all made");
        foreach (var status in PeerResult.NotRepeatable)
        {
            var once = new List<PeerResult>();
            Orchestrator.Repeat(3, k => Solver(status, double.NaN, run: k), once.Add);
            Check(once.Count == 1, $"a {status} run is not repeated");
        }
        var table = ResultTables.Markdown([Solver("time_limit", 7, run: 1)], [], 0);
        Check(table.Contains("run once: a time_limit run is not repeated"), "the row says why it was run once");
    }

    private static void ReportWithoutDualKeys()
    {
        const string json = """{"status":"optimal","objective":4.5,"nonconvex_objective":4.6,"solve_seconds":2,"primal_residual":1e-9,"history":[{"seconds":1,"objective":5,"primal_residual":0.1},{"seconds":2,"objective":4.5,"primal_residual":1e-9}]}""";
        var r = SolveReport.Parse("i", "native", json, 3, 1, 2.5, 2)!;
        Check(r is { Status: "optimal", ConvexObjective: 4.5, Run: 2 } && double.IsNaN(r.DualObjective), "report without dual keys reads");
        Check(double.IsNaN(r.FinalGap) && r.TimeToGap(1e-3) is null, "no dual: no gap, no time to gap");
        Check(r.TimeToReach(4.5, 1e-6) is { Seconds: 2, UpperBound: false }, "time to 1e-6 is the second point's");
        Check(SolveReport.Parse("i", "native", "not json", 1, 1, 1, 1) is null, "garbage is not a report");
        var csv = ResultTables.Csv([r], 0);
        Check(csv.Split('\n')[0].Contains("t_1e-4_s") && csv.Split('\n')[0].Contains(",run,"), "CSV has t_1e-4_s and run");
    }

    private static void ReportWithDualKeys()
    {
        // Point 1: gap (10 − 9)/10 = 0.1, residual 0.01. Point 2: gap (10 − 9.9995)/10 = 5e-5 with residual 1e-5: certified
        // 1e-4 (and 1e-3) at 4 s, not 1e-6. Point 3's dual is "NaN" (not evaluated) and is skipped. Final gap (10 − 9.99995)/10 = 5e-6.
        const string json = """
            {"status":"time_limit","objective":10,"dual_objective":9.99995,"primal_residual":1e-6,"solve_seconds":6,"gemm_gflops":5,
             "history":[{"seconds":1,"objective":10,"primal_residual":0.01,"dual_objective":9},{"seconds":4,"objective":10,"primal_residual":1e-5,"dual_objective":9.9995},
                        {"seconds":5,"objective":10,"primal_residual":1e-6,"dual_objective":"NaN"},{"seconds":6,"objective":10,"primal_residual":1e-6}]}
            """;
        var r = SolveReport.Parse("large", "native-al", json, 7, 1, 6, 1)!;
        Check(Math.Abs(r.FinalGap - 5e-6) < 1e-12, $"final gap 5e-6, got {r.FinalGap}");
        Check(r.TimeToGap(1e-3) == 4 && r.TimeToGap(1e-4) == 4 && r.TimeToGap(1e-6) is null, "certified gap times 4, 4, never");
        Check(r.Runs[0].Count(p => double.IsFinite(p.Dual)) == 2, "two points carry a dual bound");
        // A non-certifying peer stopped at its limit: its dual objective (here equal to its objective) gives no gap.
        Check(double.IsNaN((Solver("time_limit", 168, peer: "ortools-scip", dual: 168)).FinalGap), "no gap from a stopped non-certifying peer");
        Check((Solver("optimal", 4, peer: "native", dual: 3.9996)).FinalGap is > 9.99e-5 and < 1.001e-4, "an optimal IPM's gap (4 − 3.9996)/4 = 1e-4");
    }

    private static void CertifiedReference()
    {
        // No optimum: the best primal of a nearly feasible point (residual ≤ 1e-4) is 10 (the 9.5 point has residual
        // 1e-2 and is no upper bound); the best dual is max(9.9, 9.99) = 9.99, so the bracket is [9.99, 10], gap 1e-3.
        var rows = new List<PeerResult>
        {
            Solver("time_limit", 10, residual: 1e-5, dual: 9.9),
            Solver("time_limit", 9.5, residual: 1e-2, dual: 9.99, run: 2),
        };
        var reference = ConvexReference.Of(rows);
        Check(reference.Objective == 10 && reference.Lower == 9.99, $"certified reference 10 with lower 9.99, got {reference.Objective}, {reference.Lower}");
        Check(reference.From.Contains("certified within 1.0E-3") && reference.From.Contains("[9.99, 10]"), $"bracket text: {reference.From}");
        Check(double.IsNaN(ConvexReference.Of([Solver("time_limit", 10, residual: 1e-5)]).Objective), "without a dual bound there is no reference");
        // An IPM that stopped short reports a dual objective too, but of a point not yet dual feasible: no certificate.
        Check(double.IsNaN(ConvexReference.Of([Solver("time_limit", 10, residual: 1e-5, dual: 9.9, peer: "native")]).Objective), "the IPM's dual of a stopped run certifies nothing");
        Check(ConvexReference.Of([.. rows, Solver("optimal", 9.995, peer: "native")]) is { Objective: 9.995, From: "native" }, "an optimum wins");
    }

    private static void TargetVerdicts()
    {
        // medium: native IPM reaches 1e-6 at 2 s in runs 1–3 (median 2); SCS ≤ 30 s (final point only): 15× ≥ 10, met;
        // CVXOPT killed for memory: met (it never got there within the bench's limits).
        var history = new List<HistoryPoint> { new(1, 5, 1e-9), new(2, 4, 1e-9) };
        var rows = new List<PeerResult>();
        foreach (var (k, t) in new[] { (1, 2.0), (2, 1.0), (3, 9.0) })
            rows.Add(Solver("optimal", 4, peer: "native", run: k, instance: "medium") with { Runs = [[new(t / 2, 5, 1e-9), new(t, 4, 1e-9)]] });
        rows.Add(Solver("optimal", 4, peer: "scs", instance: "medium") with { SolveSeconds = 30, FinalResidual = 1e-9 });
        rows.Add(PeerResult.Skipped("medium", "cvxopt", "killed", "resident memory passed the cap") with { PeakBytes = 9L << 30, WallSeconds = 40 });
        rows.Add(new PeerResult("medium", "adam (C#)", "done", double.NaN, 3.5, 10, 11, 1, [[new(0.5, 4.001, double.NaN)], [new(0.2, 4.5, double.NaN)]],
            IsSolver: false, StartObjectives: [3.5, 3.7, 4.5]));
        var lines = Targets.Lines(rows, 100).ToList();
        string a = lines.Single(l => l.StartsWith("- (a)"));
        Check(a.Contains("native 2.00 s (median of 3)") && a.Contains("≤ 30.00 s") && a.Contains("15.0× — met"), $"(a) SCS: {a}");
        Check(a.Contains("cvxopt killed") && a.Contains("met: cvxopt never reached"), $"(a) CVXOPT: {a}");
        // (b): native within 1e-3 only at its second point (5 is 25 % off): median of 2, 1, 9 → 2 s; Adam's first start
        // reached 4·1.001 = 4.004 at 0.5 s (4.001 ≤ 4.004), its second never: 0.5 s < 2 s, not met.
        string b = lines.Single(l => l.StartsWith("- (b) medium"));
        Check(b.Contains("native 2.00 s") && b.Contains("adam (C#) 0.50 s (fastest of 2 starts)") && b.Contains("not met") && b.Contains("3.7 median start"), $"(b): {b}");
        Check(lines.Any(l => l.StartsWith("- (c)") && l.Contains("not measurable")), "(c) without large");
        // (c), (d) on large: 55 GFLOP/s of 100 = 55 % ≥ 50 %, met; certified gap 1e-4 at 4 s < 300 s, met.
        var large = SolveReport.Parse("large", "native-al", """{"status":"time_limit","objective":10,"primal_residual":1e-3,"solve_seconds":300,"gemm_gflops":55,"history":[{"seconds":4,"objective":10,"primal_residual":1e-5,"dual_objective":9.9995}]}""", 310, 1, 300, 1)!;
        var withLarge = Targets.Lines([large], 100).ToList();
        Check(withLarge.Any(l => l.StartsWith("- (c)") && l.Contains("55 % — met")), $"(c): {string.Join(" / ", withLarge)}");
        Check(withLarge.Any(l => l.StartsWith("- (d)") && l.Contains("certified gap 1e-4 at 4.00 s — met")), $"(d): {string.Join(" / ", withLarge)}");
    }

    private static PeerResult Solver(string status, double objective, string peer = "native-al", int run = 1, double residual = double.NaN,
        double dual = double.NaN, string instance = "small") =>
        new(instance, peer, status, objective, objective, 1, 1, 1, [], FinalResidual: residual, DualObjective: dual, Run: run);
}
