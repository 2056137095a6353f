using ConicDsl.Conic;

namespace ConicDsl.Backends.Native;

/// <summary>Placeholder until the interior-point solver lands; reports an error rather than a fake answer.</summary>
public sealed class NativeBackend : ISolverBackend
{
    public string Name => "native";

    public IReadOnlyDictionary<string, string> OptionHelp { get; } = new Dictionary<string, string>
    {
        ["tolerance"] = "relative tolerance on gap and residuals (default 1e-8)",
        ["max_iters"] = "iteration limit (default 200)",
    };

    public string? Rejects(ConicProgram program) => null;

    public SolveResult Solve(ConicProgram program, SolverSettings settings, CancellationToken cancellation = default) =>
        new() { Status = SolveStatus.Error, Backend = Name, Message = "not implemented yet" };
}
