using System.Globalization;
using System.Text.Json.Nodes;
using ConicDsl.Bench.Instances;
using ConicDsl.Bench.Measurement;

namespace ConicDsl.Bench.Peers;

/// <summary>
/// A solver run through the real <c>conicdsl solve --json</c> (or the bench's own <c>firstorder</c> mode, which prints
/// the same keys) in a fresh process, so that compile, solve,
/// recovery and the solver's own child processes are all inside the measured memory. The solve statement written
/// into the model picks the backend and its options (e.g. <c>solve ortools solver scip</c>). The report's
/// <c>history</c> (native IPM and first-order methods: timed per-iteration objective and primal residual) is kept
/// for time-to-tolerance; <c>gemm_gflops</c> is the first-order methods' product rate.
/// </summary>
public sealed class CliSolverPeer(string name, string solveStatement,
    Func<string, string, (string File, IReadOnlyList<string> Args)> command)
{
    public string Name => name;

    public const double GraceSeconds = 120;

    /// <summary>The command for <c>conicdsl solve MODEL --json --time-limit S</c>.</summary>
    public static Func<string, string, (string File, IReadOnlyList<string> Args)> Cli(string cliDll) =>
        (model, limit) => ("dotnet", [cliDll, "solve", model, "--json", "--time-limit", limit]);

    public PeerResult Run(Instance instance, double timeLimitSeconds)
    {
        var model = instance.WriteModel(name, solveStatement);
        var (file, args) = command(model, timeLimitSeconds.ToString("R", CultureInfo.InvariantCulture));
        // The solver stops itself at the limit; the grace covers compile and recovery before the bench kills it (at
        // n = 100 000 reading the data, sampling the patterns and the final gradient take about a minute under load).
        var run = ChildRun.Run(file, args, TimeSpan.FromSeconds(timeLimitSeconds + GraceSeconds));
        if (run.Killed)
            return PeerResult.Skipped(instance.Name, name, "killed", run.KilledForMemory
                    ? $"resident memory passed the bench's cap of {ChildRun.MemoryCapBytes / 1073741824.0:F0} GiB after {run.Wall.TotalSeconds:F0} s (--max-rss-gib)"
                    : $"no answer {timeLimitSeconds + GraceSeconds:F0} s after start") with
                { WallSeconds = run.Wall.TotalSeconds, PeakBytes = run.PeakBytes, CpuSeconds = run.CpuSeconds };
        JsonNode? json = null;
        try
        {
            json = JsonNode.Parse(run.Out);
        }
        catch (System.Text.Json.JsonException) { }
        if (json is null)
            return PeerResult.Skipped(instance.Name, name, "error", $"exit {run.ExitCode}: {FirstLine(run.Error)}") with
                { WallSeconds = run.Wall.TotalSeconds, PeakBytes = run.PeakBytes, CpuSeconds = run.CpuSeconds };
        var history = (json["history"] as JsonArray ?? [])
            .Select(p => new HistoryPoint(Number(p!["seconds"]), Number(p["objective"]), Number(p["primal_residual"])))
            .Where(p => double.IsFinite(p.Seconds) && double.IsFinite(p.Objective))
            .ToList();
        double gflops = Number(json["gemm_gflops"]);
        return new PeerResult(instance.Name, name,
            json["status"]?.GetValue<string>() ?? "unknown",
            Number(json["objective"]), Number(json["nonconvex_objective"]), Number(json["solve_seconds"]),
            run.Wall.TotalSeconds, run.PeakBytes, history.Count > 0 ? [history] : [],
            Gflops: double.IsFinite(gflops) ? gflops : null,
            Note: $"{json["iterations"]} iterations, {json["variables"]} variables, {json["constraints"]} constraints" +
                  (history.Count > 0 ? $", {history.Count} history points" : ", no per-iteration history"),
            CpuSeconds: run.CpuSeconds,
            CompileSeconds: Number(json["compile_seconds"]),
            FinalResidual: Number(json["primal_residual"]));
    }

    private static double Number(JsonNode? n) => n is null ? double.NaN : n.GetValue<double>();

    private static string FirstLine(string s) => s.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
}
