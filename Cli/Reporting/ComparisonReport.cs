using System.Text.Json;
using System.Text.Json.Nodes;
using ConicDsl.Backends;
using static ConicDsl.Cli.Reporting.NumberFormat;

namespace ConicDsl.Cli.Reporting;

/// <summary>The table (or JSON) printed by <c>solve --backend all</c>.</summary>
public static class ComparisonReport
{
    public static void WriteText(string model, IReadOnlyList<ComparisonEntry> entries, TextWriter o)
    {
        o.WriteLine($"model {model}: every backend that accepts the program (each with a time limit)");
        o.WriteLine($"{"backend",-9} {"status",-16} {"objective",-18} {"network",-18} {"primal res",-10} {"dual res",-10} {"gap",-10} {"iters",6} {"seconds",9}");
        foreach (var e in entries)
        {
            if (e.Report is not { } r)
            {
                o.WriteLine($"{e.Backend,-9} {e.Skipped}");
                continue;
            }
            var s = r.Result;
            o.WriteLine($"{e.Backend,-9} {s.Status.ToWire(),-16} {Objective(s.PrimalObjective),-18} {Objective(r.NonConvexObjective),-18} " +
                        $"{Small(s.PrimalResidual),-10} {Small(s.DualResidual),-10} {Small(s.Gap),-10} {s.Iterations,6} {s.SolveTime.TotalSeconds,9:0.000}");
        }
        o.WriteLine($"largest relative difference between optimal objectives: {Small(BackendComparison.Spread(entries))}");
    }

    public static string WriteJson(string model, IReadOnlyList<ComparisonEntry> entries) =>
        new JsonObject
        {
            ["model"] = model,
            ["backends"] = new JsonArray(entries.Select(e => (JsonNode)(e.Report is { } r
                ? new JsonObject
                {
                    ["backend"] = e.Backend,
                    ["status"] = r.Result.Status.ToWire(),
                    ["objective"] = N(r.Result.PrimalObjective),
                    ["nonconvex_objective"] = N(r.NonConvexObjective),
                    ["primal_residual"] = N(r.Result.PrimalResidual),
                    ["dual_residual"] = N(r.Result.DualResidual),
                    ["gap"] = N(r.Result.Gap),
                    ["iterations"] = r.Result.Iterations,
                    ["solve_seconds"] = r.Result.SolveTime.TotalSeconds,
                    ["solver_version"] = r.Result.SolverVersion,
                    ["message"] = r.Result.Message,
                }
                : new JsonObject { ["backend"] = e.Backend, ["status"] = "skipped", ["message"] = e.Skipped })).ToArray()),
            ["max_relative_difference"] = BackendComparison.Spread(entries),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonNode? N(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
