using System.Text.Json;
using System.Text.Json.Nodes;
using ConicDsl.Backends;

namespace ConicDsl.Cli.Reporting;

/// <summary>The JSON contract of <c>conicdsl solve --json</c> (docs/cli.md). Non-finite numbers are written as null.</summary>
public static class JsonReport
{
    public static string Write(SolveReport r)
    {
        var c = r.Compiled;
        var res = r.Result;
        var p = c.Patterns;
        var root = new JsonObject
        {
            ["model"] = c.Model.Name,
            ["status"] = res.Status.ToWire(),
            ["backend"] = res.Backend,
            ["solver_version"] = res.SolverVersion,
            ["method"] = r.Method,
            ["objective"] = N(res.PrimalObjective),
            ["dual_objective"] = N(res.DualObjective),
            ["duality_gap"] = N(r.DualityGap),
            ["nonconvex_objective"] = N(r.NonConvexObjective),
            ["relative_difference"] = N(r.RelativeDifference),
            ["global"] = r.Global,
            ["architecture"] = c.Architecture,
            ["exact"] = r.Exact,
            ["program_claim"] = r.IsRelaxation ? "lower_bound" : r.FixedGates ? "exact_for_fixed_gates" : "exact",
            ["lower_bound"] = r.LowerBound is double lb ? N(lb) : null,
            ["upper_bound"] = r.UpperBound is double ub ? N(ub) : null,
            ["bound_gap"] = r.BoundGap is double gap ? N(gap) : null,
            ["patterns"] = p.Count,
            ["pattern_source"] = p.Source,
            ["pattern_draws"] = p.Source == "sample" ? p.Draws : null,
            ["rank"] = p.Rank,
            ["active_neurons"] = r.ActiveNeurons,
            ["width"] = r.Width,
            ["width_sufficient"] = r.WidthSufficient,
            ["iterations"] = res.Iterations,
            ["primal_residual"] = N(res.PrimalResidual),
            ["dual_residual"] = N(res.DualResidual),
            ["gap"] = N(res.Gap),
            ["solve_seconds"] = res.SolveTime.TotalSeconds,
            ["compile_seconds"] = c.CompileTime.TotalSeconds,
            ["pattern_seconds"] = c.PatternTime.TotalSeconds,
            // The kernel's high-water mark of this process's resident memory (VmHWM) up to the report: the whole
            // solve's peak when run as `conicdsl solve`, the host's when the CLI runs in-process (tests).
            ["peak_memory_bytes"] = System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64,
            ["train_error"] = N(r.TrainError),
            ["train_error_kind"] = r.TrainErrorKind,
            ["samples"] = c.Data.Samples,
            ["features"] = c.Data.Features,
            ["variables"] = c.StandardFormSize?.Variables,
            ["constraints"] = c.StandardFormSize?.Rows,
            ["standard_form_built"] = c.StandardForm is not null,
            ["beta"] = c.Model.Regularizer.Beta,
            ["regularizer"] = c.Model.Regularizer.Name,
            ["scnn_lambda"] = r.ScnnLambda,
            ["message"] = res.Message,
            ["gemm_gflops"] = N(res.GemmGflops),
            ["gemm_seconds"] = N(res.GemmSeconds),
            ["history"] = History(res),
            ["files"] = new JsonArray(r.WrittenFiles.Select(f => (JsonNode)f).ToArray()),
        };
        if (c.Data.Labels is { } labels)
            root["label_mapping"] = new JsonObject { ["negative"] = labels.Negative, ["positive"] = labels.Positive };
        if (r.Recovery is { } rec)
        {
            root["dropped_blocks"] = rec.DroppedBlocks;
            root["merged_neurons"] = rec.MergedNeurons;
            root["pruned_neurons"] = rec.PrunedNeurons;
            if (rec.RelaxationTight is bool tight) root["relaxation_tight"] = tight;
            foreach (var fact in rec.FactsOrEmpty) root[fact.Key] = fact.Json?.DeepClone();
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>One object per recorded iteration: seconds since the solve started, the program's objective, the
    /// residuals; an empty array for backends that record no history (external solvers).</summary>
    private static JsonArray History(SolveResult res) => new(res.History.Select(h => (JsonNode)new JsonObject
    {
        ["iteration"] = h.Iteration,
        ["seconds"] = N(h.Seconds),
        ["objective"] = N(h.PrimalObjective),
        ["primal_residual"] = N(h.PrimalResidual),
        ["dual_residual"] = N(h.DualResidual),
        ["gap"] = N(h.Gap),
        ["dual_objective"] = N(h.DualObjective),
    }).ToArray());

    private static JsonNode? N(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
