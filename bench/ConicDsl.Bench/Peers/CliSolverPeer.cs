using System.Globalization;
using ConicDsl.Bench.Instances;
using ConicDsl.Bench.Measurement;

namespace ConicDsl.Bench.Peers;

/// <summary>
/// A solver run through the real <c>conicdsl solve --json</c> in a fresh process, so that compile, solve, recovery
/// and the solver's own child processes are all inside the measured memory. The solve statement written into the
/// model picks the backend and its options (e.g. <c>solve ortools solver scip</c>, <c>solve native method al</c>,
/// which builds the structured lowering instead of the standard form: docs/solver.md). <see cref="SolveReport"/>
/// reads the report.
/// </summary>
public sealed class CliSolverPeer(string name, string solveStatement, string cliDll)
{
    public string Name => name;

    public const double GraceSeconds = 120;

    /// <param name="run">1-based number of this repeat, kept in the result.</param>
    public PeerResult Run(Instance instance, double timeLimitSeconds, int run)
    {
        var model = instance.WriteModel(name, solveStatement);
        var limit = timeLimitSeconds.ToString("R", CultureInfo.InvariantCulture);
        // The solver stops itself at the limit; the grace covers compile and recovery before the bench kills it (at
        // n = 100 000 reading the data, sampling the patterns and the final gradient take about a minute under load).
        var child = ChildRun.Run("dotnet", [cliDll, "solve", model, "--json", "--time-limit", limit], TimeSpan.FromSeconds(timeLimitSeconds + GraceSeconds));
        if (child.Killed)
            return PeerResult.Skipped(instance.Name, name, "killed", child.KilledForMemory
                    ? $"resident memory passed the bench's cap of {ChildRun.MemoryCapBytes / 1073741824.0:F0} GiB after {child.Wall.TotalSeconds:F0} s (--max-rss-gib)"
                    : $"no answer {timeLimitSeconds + GraceSeconds:F0} s after start") with
                { WallSeconds = child.Wall.TotalSeconds, PeakBytes = child.PeakBytes, CpuSeconds = child.CpuSeconds, Run = run };
        return SolveReport.Parse(instance.Name, name, child.Out, child.Wall.TotalSeconds, child.PeakBytes, child.CpuSeconds, run)
            ?? PeerResult.Skipped(instance.Name, name, "error", $"exit {child.ExitCode}: {FirstLine(child.Error)}") with
                { WallSeconds = child.Wall.TotalSeconds, PeakBytes = child.PeakBytes, CpuSeconds = child.CpuSeconds, Run = run };
    }

    private static string FirstLine(string s) => s.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
}
