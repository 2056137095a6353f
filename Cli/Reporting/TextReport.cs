using ConicDsl.Backends;
using ConicDsl.Dsl.Semantics;
using static ConicDsl.Cli.Reporting.NumberFormat;

namespace ConicDsl.Cli.Reporting;

/// <summary>The human-readable solve report.</summary>
public static class TextReport
{
    public static void Write(SolveReport r, TextWriter o)
    {
        var c = r.Compiled;
        var m = c.Model;
        var data = c.Data;
        var p = c.Patterns;
        o.WriteLine($"model      {m.Name} ({m.SourcePath})");
        var bias = m.Network.Bias switch
        {
            BiasMode.None => "no bias",
            BiasMode.Regularized => "+ bias",
            _ => "+ unregularized bias, free output offset",
        };
        o.WriteLine($"data       {data.Samples} rows x {data.Features} feature(s) ({bias}), target {data.TargetName}" +
                    (data.Standardization is null ? "" : ", standardized"));
        if (data.Labels is { IsIdentity: false } labels) o.WriteLine($"labels     mapped for the {m.Loss.Kind.ToString().ToLowerInvariant()} loss: {labels}");
        o.WriteLine($"loss       {m.Loss.Kind.ToString().ToLowerInvariant()}{(m.Loss.Kind == LossKind.Huber ? $" (delta {Plain(m.Loss.Delta)})" : "")}, " +
                    (m.Regularizer.Kind == RegularizerKind.L1Output
                        ? $"l1_output beta = {Plain(m.Regularizer.Beta)} (beta * sum_j |a_j|, unit-norm input weights)"
                        : m.Regularizer.Kind == RegularizerKind.WeightDecayL1Output
                            ? $"weight_decay_l1_output beta = {Plain(m.Regularizer.Beta)} (beta/2 * sum_j (||u_j||^2 + ||v_j||_1^2))"
                            : $"weight decay beta = {Plain(m.Regularizer.Beta)} (scnn lambda = {Plain(r.ScnnLambda)})"));
        var provenance = p.Source == "exact" && p.Rank == 0
            ? "the network has no ReLU: no hyperplanes, the whole weight space is one region"
            : p.Source == "exact"
            ? $"exact: every region of the arrangement, rank {p.Rank}, general-position bound {p.Bound:N0}"
            : $"sampled: {p.DistinctBeforeDrop} distinct of {p.Draws} Gaussian gates";
        o.WriteLine($"patterns   {p.Count} ({provenance}) in {Seconds(c.PatternTime)}");
        if (c.StandardForm?.Program is { } program)
            o.WriteLine($"program    {program.Variables} variables, {program.Constraints} rows ({program.Cones}), compiled in {Seconds(c.CompileTime)}");
        else
            o.WriteLine($"program    standard form not built (first-order route: masks and X̃" +
                        (c.StandardFormSize is { } size ? $"; it would have {size.Variables} variables, {size.Rows} rows" : "") +
                        $"), compiled in {Seconds(c.CompileTime)}");
        var res = r.Result;
        o.WriteLine($"solver     {res.Backend}: {res.Status.ToWire()} after {res.Iterations} iterations in {Seconds(res.SolveTime)}" +
                    (string.IsNullOrEmpty(res.Message) ? "" : $" — {res.Message}"));
        if (r.Method is { } method) o.WriteLine($"method     {method}");
        o.WriteLine($"           primal residual {Small(res.PrimalResidual)}, dual residual {Small(res.DualResidual)}, gap {Small(res.Gap)}");
        o.WriteLine($"dual       objective {Objective(res.DualObjective)}, duality gap {Small(r.DualityGap)}" + (r.FirstOrder
            ? " (primal − dual; the dual is a certified lower bound on the optimum from the scaled residual and multipliers)"
            : " (primal − dual, both recomputed from the returned x and y)"));
        // Only an optimal status makes the value an optimum or a bound; any other status reports the returned point.
        string meaning = res.Status != SolveStatus.Optimal
            ? $"  (status {res.Status.ToWire()}: the value at the returned point, not a certified optimum or bound)"
            : r.FixedGates ? $"  (global optimum of the gated model with these {p.Count} fixed gates; not the ReLU network's optimum)" : (r.IsRelaxation, r.Global) switch
        {
            (false, true) => p.Rank == 0 ? "  (global optimum)" : "  (global optimum: all patterns)",
            (false, false) => "  (optimum over the sampled patterns: an upper bound on the global optimum)",
            (true, true) => "  (relaxation: a lower bound on the global optimum)",
            (true, false) => "  (relaxation over sampled patterns: neither bound is certified)",
        };
        o.WriteLine($"claim      {c.Architecture}" +
                    (string.IsNullOrEmpty(c.ClaimReason) ? "" : $": {c.ClaimReason}"));
        o.WriteLine($"objective  convex program     {Objective(res.PrimalObjective)}{meaning}");
        if (r.Recovery is { } rec)
        {
            o.WriteLine($"           recovered network  {Objective(r.NonConvexObjective)}  (relative difference {Small(r.RelativeDifference)})");
            o.WriteLine($"network    {r.ActiveNeurons} active unit(s), declared width {r.Width}" +
                        (rec.DroppedBlocks + rec.MergedNeurons + rec.PrunedNeurons > 0
                            ? $" (from {rec.NonzeroBlocks} nonzero blocks: {rec.DroppedBlocks} negligible dropped, {rec.MergedNeurons} collinear merged, {rec.PrunedNeurons} pruned as linearly dependent)"
                            : ""));
            // A relaxation whose test failed recovered an upper-bound network, not an optimal one: no width advice.
            if (!r.WidthSufficient && res.Status == SolveStatus.Optimal && (!r.IsRelaxation || rec.RelaxationTight != false))
                o.WriteLine($"warning    the recovered optimal network uses {r.ActiveNeurons} units, more than the declared width {r.Width}: " +
                            $"the optimum reported is attained with {r.ActiveNeurons} units (a sparser optimal network may exist; with {r.Width} the optimum may be higher). Declare a width of {r.ActiveNeurons} to match.");
            if (rec.RelaxationTight is bool tight && r.IsOptimal)
                o.WriteLine(tight && r.Global
                    ? "exactness  the relaxation's solution passed the realisability test: the bound is attained, the optimum is global"
                    : tight
                    ? "exactness  the relaxation's solution passed the realisability test: the recovered network attains the optimum over the sampled patterns (not a certified global optimum)"
                    : r.BoundsMeet && r.Global
                        ? $"exactness  the realisability test failed, but the recovered network attains the lower bound (within {SolveReport.BoundsMeetTolerance:0e0} relative): the optimum is global"
                        : "exactness  the relaxation's solution is not realisable by the architecture: the recovered network is an upper bound only");
            if (r.LowerBound is double lower && r.UpperBound is double upper && r.IsRelaxation)
                o.WriteLine($"bounds     lower {Objective(lower)}, upper {Objective(upper)}, gap {Small(upper - lower)}");
            foreach (var fact in rec.FactsOrEmpty) o.WriteLine($"{fact.Key.Replace('_', ' '),-10} {fact.Text}");
            o.WriteLine($"training   {r.TrainErrorKind} {Plain(r.TrainError)}");
        }
        foreach (var f in r.WrittenFiles) o.WriteLine($"wrote      {f}");
    }
}
