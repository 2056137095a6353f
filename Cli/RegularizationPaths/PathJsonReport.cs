using System.Text.Json;
using System.Text.Json.Nodes;
using ConicDsl.Backends;

namespace ConicDsl.Cli.RegularizationPaths;

/// <summary>The JSON contract of <c>conicdsl solve --json</c> for a path model (docs/cli.md): one object per β, in the
/// order solved. Non-finite numbers are written as null.</summary>
public static class PathJsonReport
{
    public static string Write(PathReport r) =>
        new JsonArray(r.Points.Select(p => (JsonNode)Point(p)).ToArray())
            .ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonObject Point(PathPoint p)
    {
        var s = p.Report;
        var res = s.Result;
        return new JsonObject
        {
            ["beta"] = p.Beta,
            ["status"] = res.Status.ToWire(),
            ["objective"] = N(res.PrimalObjective),
            ["nonconvex_objective"] = N(s.NonConvexObjective),
            ["global"] = s.Global,
            ["exact"] = s.Exact,
            ["active_neurons"] = s.ActiveNeurons,
            ["width_sufficient"] = s.WidthSufficient,
            ["iterations"] = res.Iterations,
            ["warm_start"] = p.WarmStarted,
            ["solve_seconds"] = res.SolveTime.TotalSeconds,
            ["lower_seconds"] = p.LowerTime.TotalSeconds,
            ["primal_residual"] = N(res.PrimalResidual),
            ["dual_residual"] = N(res.DualResidual),
            ["gap"] = N(res.Gap),
            ["train_error"] = N(s.TrainError),
            ["train_error_kind"] = s.TrainErrorKind,
            ["backend"] = res.Backend,
            ["message"] = res.Message,
        };
    }

    private static JsonNode? N(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
