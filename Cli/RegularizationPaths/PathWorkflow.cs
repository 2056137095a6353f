using ConicDsl.Backends;
using ConicDsl.Cli.Reporting;
using ConicDsl.Compiler.IO;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Cli.RegularizationPaths;

/// <summary>
/// Solves a model at every β of its path in the order written, over patterns computed once (<paramref name="compiled"/>
/// holds them). A backend that takes a warm start (<see cref="IWarmStartingBackend"/>) starts each β from the previous
/// β's point; the others start cold every time. No mathematics here: lowering, solving and recovery are the same
/// calls as a single solve's.
/// </summary>
public static class PathWorkflow
{
    public static PathReport Run(CompiledModel compiled, RegularizationPath path, ISolverBackend backend,
        SolverSettings settings, string? outputDirectory, CliContext context)
    {
        bool warmStarts = backend is IWarmStartingBackend;
        var points = new List<PathPoint>();
        var written = new List<string>();
        WarmStart? previous = null;
        var betas = path.Betas();
        for (int k = 0; k < betas.Length; k++)
        {
            // An interrupted path still reports (and writes) the β values solved so far.
            if (context.Cancellation.IsCancellationRequested) break;
            var atBeta = PathLowering.At(compiled, betas[k]);
            bool warm = warmStarts && previous is not null && previous.Fits(atBeta.Lowered.Program);
            var report = SolveWorkflow.Run(atBeta, backend, settings with { WarmStart = warm ? previous : null }, null, context,
                $"{backend.Name}, beta {k + 1}/{betas.Length}");
            points.Add(new PathPoint(betas[k], report, warm, atBeta.LowerTime));
            if (warmStarts) previous = WarmStart.From(report.Result);
            if (outputDirectory is not null && report.Recovery is { } recovery)
            {
                var file = Path.Combine(outputDirectory, $"network_{k + 1:D2}.json");
                AtomicFile.WriteAllText(file, NetworkJson.Write(recovery.Network, atBeta.Model, atBeta.Data,
                    report.NonConvexObjective, report.Result.PrimalObjective));
                written.Add(file);
            }
        }
        var result = new PathReport(compiled, path, backend.Name, warmStarts, points, written);
        if (outputDirectory is null) return result;
        var summary = Path.Combine(outputDirectory, "path.json");
        AtomicFile.WriteAllText(summary, PathJsonReport.Write(result) + "\n");
        return result with { WrittenFiles = [.. written, summary] };
    }
}
