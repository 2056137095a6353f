using ConicDsl.Cli.Reporting;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Cli.RegularizationPaths;

/// <summary>One β of a path: the solve's full report and whether the solver started from the previous β's point.</summary>
public sealed record PathPoint(double Beta, SolveReport Report, bool WarmStarted, TimeSpan LowerTime);

/// <summary>Every number a regularization path reports, gathered once for the text table, the JSON array and the plot.</summary>
public sealed record PathReport(
    CompiledModel First,
    RegularizationPath Path,
    string Backend,
    bool BackendWarmStarts,
    IReadOnlyList<PathPoint> Points,
    IReadOnlyList<string> WrittenFiles)
{
    public Model Model => First.Model;

    public bool AllOptimal => Points.Count == Path.Steps && Points.All(p => p.Report.IsOptimal);
}
