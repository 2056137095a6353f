using ConicDsl.Backends;
using ConicDsl.Cli.Reporting;
using ConicDsl.Compiler.Pipeline;

namespace ConicDsl.Cli;

/// <summary>One backend's line in <c>solve --backend all</c>: its report, or why it did not run.</summary>
public sealed record ComparisonEntry(string Backend, SolveReport? Report, string? Skipped);

/// <summary>Runs every registered backend that accepts the program — the user's way to see that the answer does
/// not depend on the solver.</summary>
public static class BackendComparison
{
    public const double DefaultTimeLimitSeconds = 60;

    public static IReadOnlyList<ComparisonEntry> Run(CompiledModel compiled, Func<ISolverBackend, SolverSettings> settings, CliContext context)
    {
        var entries = new List<ComparisonEntry>();
        foreach (var backend in BackendRegistry.All)
        {
            if (backend is IExternalBackend external && external.MissingReason() is { } missing)
            {
                entries.Add(new ComparisonEntry(backend.Name, null, $"unavailable: {missing}"));
                continue;
            }
            if (backend.Rejects(compiled.Lowered.Program) is { } rejected)
            {
                entries.Add(new ComparisonEntry(backend.Name, null, $"not applicable: {rejected}"));
                continue;
            }
            entries.Add(new ComparisonEntry(backend.Name, SolveWorkflow.Run(compiled, backend, settings(backend), null, context), null));
        }
        return entries;
    }

    /// <summary>The largest relative difference between the objectives of the backends that reached optimal.</summary>
    public static double Spread(IEnumerable<ComparisonEntry> entries)
    {
        var objectives = entries.Where(e => e.Report?.IsOptimal == true).Select(e => e.Report!.Result.PrimalObjective).ToList();
        if (objectives.Count < 2) return 0;
        double lo = objectives.Min(), hi = objectives.Max();
        return (hi - lo) / Math.Max(Math.Max(Math.Abs(lo), Math.Abs(hi)), 1e-12);
    }
}
