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
        var program = c.Lowered.Program;
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
        if (data.Labels is { IsIdentity: false } labels) o.WriteLine($"labels     mapped for the hinge loss: {labels}");
        o.WriteLine($"loss       {m.Loss.Kind.ToString().ToLowerInvariant()}, weight decay beta = {Plain(m.Regularizer.Beta)} (scnn lambda = {Plain(r.ScnnLambda)})");
        var provenance = p.Source == "exact"
            ? $"exact: every region of the arrangement, rank {p.Rank}, general-position bound {p.Bound:N0}"
            : $"sampled: {p.DistinctBeforeDrop} distinct of {p.Draws} Gaussian gates";
        o.WriteLine($"patterns   {p.Count} ({provenance}) in {Seconds(c.PatternTime)}");
        o.WriteLine($"program    {program.Variables} variables, {program.Constraints} rows ({program.Cones}), compiled in {Seconds(c.CompileTime)}");
        var res = r.Result;
        o.WriteLine($"solver     {res.Backend}: {res.Status.ToWire()} after {res.Iterations} iterations in {Seconds(res.SolveTime)}" +
                    (string.IsNullOrEmpty(res.Message) ? "" : $" — {res.Message}"));
        o.WriteLine($"           primal residual {Small(res.PrimalResidual)}, dual residual {Small(res.DualResidual)}, gap {Small(res.Gap)}");
        o.WriteLine($"objective  convex program     {Objective(res.PrimalObjective)}" +
                    (r.Global ? "  (global optimum: all patterns)" : "  (optimum over the sampled patterns: an upper bound on the global optimum)"));
        if (r.Recovery is { } rec)
        {
            o.WriteLine($"           recovered network  {Objective(r.NonConvexObjective)}  (relative difference {Small(r.RelativeDifference)})");
            o.WriteLine($"network    {r.ActiveNeurons} active neuron(s), declared width {r.Width}" +
                        (rec.DroppedBlocks + rec.MergedNeurons + rec.PrunedNeurons > 0
                            ? $" (from {rec.NonzeroBlocks} nonzero blocks: {rec.DroppedBlocks} negligible dropped, {rec.MergedNeurons} collinear merged, {rec.PrunedNeurons} pruned as linearly dependent)"
                            : ""));
            if (!r.WidthSufficient)
                o.WriteLine($"warning    the recovered optimal network uses {r.ActiveNeurons} neurons, more than the declared width {r.Width}: " +
                            $"the optimum reported is attained with {r.ActiveNeurons} neurons (a sparser optimal network may exist; with {r.Width} the optimum may be higher). Declare 'relu {r.ActiveNeurons}' to match.");
            o.WriteLine($"training   {r.TrainErrorKind} {Plain(r.TrainError)}");
        }
        foreach (var f in r.WrittenFiles) o.WriteLine($"wrote      {f}");
    }
}
