using System.Text.Json.Nodes;

namespace ConicDsl.Bench.Peers;

/// <summary>
/// Reads the keys of <c>conicdsl solve --json</c> that the bench judges: status, objectives, times, the timed
/// <c>history</c> (native IPM and first-order methods), <c>gemm_gflops</c> (first-order product rate) and, where the
/// first-order solver evaluated its certified lower bound, <c>dual_objective</c> at the top level and per history
/// point. Every key may be absent (other backends, older builds): absent or null reads as NaN, never an error.
/// Separate from the process run so that the self-test can feed it hand-written reports.
/// </summary>
public static class SolveReport
{
    /// <summary>The run's result, or null when <paramref name="stdout"/> is not a JSON object.</summary>
    public static PeerResult? Parse(string instance, string peer, string stdout, double wallSeconds, long peakBytes, double cpuSeconds, int run)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(stdout) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        if (json is null) return null;
        var history = (json["history"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(p => new HistoryPoint(Number(p["seconds"]), Number(p["objective"]), Number(p["primal_residual"]), Number(p["dual_objective"])))
            .Where(p => double.IsFinite(p.Seconds) && double.IsFinite(p.Objective))
            .ToList();
        double gflops = Number(json["gemm_gflops"]);
        int duals = history.Count(p => double.IsFinite(p.Dual));
        return new PeerResult(instance, peer,
            json["status"] is JsonValue s && s.TryGetValue<string>(out var status) ? status : "unknown",
            Number(json["objective"]), Number(json["nonconvex_objective"]), Number(json["solve_seconds"]),
            wallSeconds, peakBytes, history.Count > 0 ? [history] : [],
            Gflops: double.IsFinite(gflops) ? gflops : null,
            Note: $"{json["iterations"]} iterations, {json["variables"]} variables, {json["constraints"]} constraints" +
                  (history.Count > 0 ? $", {history.Count} history points" : ", no per-iteration history") +
                  (duals > 0 ? $" ({duals} with a dual bound)" : ""),
            CpuSeconds: cpuSeconds,
            CompileSeconds: Number(json["compile_seconds"]),
            FinalResidual: Number(json["primal_residual"]),
            DualObjective: Number(json["dual_objective"]),
            Run: run);
    }

    /// <summary>A JSON number, or NaN for an absent key, null, or a non-number (NaN may be written as a string).</summary>
    private static double Number(JsonNode? n) =>
        n is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN;
}
