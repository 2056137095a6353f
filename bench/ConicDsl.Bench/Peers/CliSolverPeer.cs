using System.Globalization;
using System.Text.Json.Nodes;
using ConicDsl.Bench.Instances;
using ConicDsl.Bench.Measurement;

namespace ConicDsl.Bench.Peers;

/// <summary>
/// A conic backend run through the real <c>conicdsl solve --json</c> in a fresh process, so that compile, solve,
/// recovery and the solver's own child processes are all inside the measured memory. The solve statement written
/// into the model picks the backend and its options (e.g. <c>solve ortools solver scip</c>).
/// </summary>
public sealed class CliSolverPeer(string name, string solveStatement, string cliDll)
{
    public string Name => name;

    public PeerResult Run(Instance instance, double timeLimitSeconds)
    {
        var model = instance.WriteModel(name, solveStatement);
        string[] args = [cliDll, "solve", model, "--json", "--time-limit", timeLimitSeconds.ToString("R", CultureInfo.InvariantCulture)];
        // The solver stops itself at the limit; the extra minute covers compile and recovery before the bench kills it.
        var run = ChildRun.Run("dotnet", args, TimeSpan.FromSeconds(timeLimitSeconds + 60));
        if (run.Killed)
            return PeerResult.Skipped(instance.Name, name, "killed", $"no answer {timeLimitSeconds + 60:F0} s after start") with
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
        return new PeerResult(instance.Name, name,
            json["status"]?.GetValue<string>() ?? "unknown",
            Number(json["objective"]), Number(json["nonconvex_objective"]), Number(json["solve_seconds"]),
            run.Wall.TotalSeconds, run.PeakBytes, [],
            Note: $"{json["iterations"]} iterations, {json["variables"]} variables, {json["constraints"]} constraints",
            CpuSeconds: run.CpuSeconds);
    }

    private static double Number(JsonNode? n) => n is null ? double.NaN : n.GetValue<double>();

    private static string FirstLine(string s) => s.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
}
