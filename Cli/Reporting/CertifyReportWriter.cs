using System.Text.Json;
using System.Text.Json.Nodes;
using ConicDsl.Backends;
using ConicDsl.Compiler.Certificates;
using static ConicDsl.Cli.Reporting.NumberFormat;

namespace ConicDsl.Cli.Reporting;

/// <summary>The text and JSON forms of <c>conicdsl certify</c> (docs/cli.md).</summary>
public static class CertifyReportWriter
{
    public static void WriteText(CertifyReport r, TextWriter o)
    {
        var c = r.Certificate;
        var d = r.Decision;
        var m = r.Compiled.Model;
        o.WriteLine($"model      {m.Name} ({m.SourcePath})");
        o.WriteLine($"network    {r.NetworkPath}: {c.Neurons.Length} unit(s), {c.Neurons.Count(n => n.Active)} active");
        o.WriteLine($"patterns   {c.Patterns} ({(c.PatternsExact ? "exact: every region of the arrangement" : "sampled: the decision is relative to these cones only")})");
        o.WriteLine($"verdict    {d.Statement}");
        o.WriteLine($"objective  network {Objective(c.NetworkObjective)}, optimum {Objective(d.OptimalObjective)} " +
                    $"({r.Solve.Backend}: {r.Solve.Status.ToWire()}), gap {Small(r.Gap)} (relative {Small(r.RelativeGap)})");
        o.WriteLine($"bound      {(c.PatternsExact ? "certified lower bound" : "dual bound over the sampled cones (not a global bound)")} " +
                    $"{Objective(c.DualBound)} from lambda = r*min(1, beta/rho) (relative gap to the network {Small(c.RelativeCertificateGap)})");
        o.WriteLine($"dual       rho/beta {Plain(c.RhoOverBeta)} ({(c.DualFeasible ? "feasible" : "infeasible")} at tolerance {c.Tolerance:0e0})" +
                    (c.Worst is { } w ? $"; worst cone: pattern {w.Pattern} ({(w.Sign > 0 ? "+" : "-")}) {w.Mask}" : ""));
        o.WriteLine($"kkt        {(c.KktHolds ? "holds" : "fails")}: balance {(c.Balanced ? "ok" : "fails")}, dual feasibility {(c.DualFeasible ? "ok" : "fails")}, " +
                    $"complementary slackness {(c.SlacknessHolds ? "ok" : "fails")}; decided by {(d.Basis == "kkt" ? "the KKT test" : "the objective comparison")}" +
                    (d.TestsAgree is false ? " (the KKT test and the objective comparison disagree)" : ""));
        o.WriteLine($"excess     rebalancing would save {Small(c.BalanceExcess)}, complementary slackness accounts for {Small(c.SlacknessExcess)} " +
                    $"(objective tolerance {c.ObjectiveTolerance:0e0} x {Plain(c.Scale)})");
        foreach (var n in c.Neurons.Where(n => n.Active || n.BalanceExcess > 0))
            o.WriteLine($"unit {n.Index,-5} |u| {Plain(n.WeightNorm)}, |a| {Plain(Math.Abs(n.OutputWeight))}, balance excess {Small(n.BalanceExcess)}, " +
                        $"slackness sign(a) r'(X u/|u|)+ / beta = {Plain(n.Slackness)}, excess {Small(n.SlacknessExcess)} ({(c.UnitHolds(n) ? "ok" : "fails")})" +
                        (n.InPatternSet ? "" : ", outside the sampled cones"));
    }

    public static string WriteJson(CertifyReport r)
    {
        var c = r.Certificate;
        var d = r.Decision;
        var root = new JsonObject
        {
            ["model"] = r.Compiled.Model.Name,
            ["network_file"] = r.NetworkPath,
            ["globally_optimal"] = d.GloballyOptimal,
            ["optimal_over_patterns"] = d.OptimalOverPatterns,
            ["statement"] = d.Statement,
            ["decided_by"] = d.Basis,
            ["network_objective"] = N(c.NetworkObjective),
            ["optimal_objective"] = N(d.OptimalObjective),
            ["gap"] = N(r.Gap),
            ["relative_gap"] = N(r.RelativeGap),
            ["certified_lower_bound"] = c.CertifiedLowerBound is double lb ? N(lb) : null,
            ["dual_bound"] = N(c.DualBound),
            ["relative_certificate_gap"] = N(c.RelativeCertificateGap),
            ["rho"] = N(c.Rho),
            ["beta"] = c.Beta,
            ["rho_over_beta"] = N(c.RhoOverBeta),
            ["balanced"] = c.Balanced,
            ["balance_excess"] = N(c.BalanceExcess),
            ["slackness_excess"] = N(c.SlacknessExcess),
            ["dual_feasible"] = c.DualFeasible,
            ["complementary_slackness"] = c.SlacknessHolds,
            ["kkt_holds"] = c.KktHolds,
            ["objective_test_holds"] = d.ObjectiveTestHolds,
            ["tests_agree"] = d.TestsAgree,
            ["tolerance"] = c.Tolerance,
            ["objective_tolerance"] = c.ObjectiveTolerance,
            ["patterns"] = c.Patterns,
            ["pattern_source"] = r.Compiled.Patterns.Source,
            ["worst_pattern"] = c.Worst is { } w ? new JsonObject
            {
                ["index"] = w.Pattern,
                ["sign"] = w.Sign,
                ["rho_over_beta"] = N(w.Ratio),
                ["mask"] = w.Mask,
                ["direction"] = new JsonArray(w.Direction.Select(v => (JsonNode?)N(v)).ToArray()),
            } : null,
            ["neurons"] = new JsonArray(c.Neurons.Select(n => (JsonNode)new JsonObject
            {
                ["index"] = n.Index,
                ["weight_norm"] = N(n.WeightNorm),
                ["output_weight"] = N(n.OutputWeight),
                ["active"] = n.Active,
                ["balance_excess"] = N(n.BalanceExcess),
                ["slackness"] = N(n.Slackness),
                ["slackness_excess"] = N(n.SlacknessExcess),
                ["holds"] = c.UnitHolds(n),
                ["in_pattern_set"] = n.InPatternSet,
            }).ToArray()),
            ["solve"] = new JsonObject
            {
                ["backend"] = r.Solve.Backend,
                ["status"] = r.Solve.Status.ToWire(),
                ["objective"] = N(r.Solve.PrimalObjective),
                ["dual_objective"] = N(r.Solve.DualObjective),
                ["gap"] = N(r.Solve.Gap),
            },
        };
        // Relaxed escaping keeps "rho/beta > 1" readable; the output is printed, never embedded in HTML.
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static JsonNode? N(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
