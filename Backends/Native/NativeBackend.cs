using ConicDsl.Conic;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Backends.Native;

/// <summary>Placeholder until the interior-point solver lands; reports an error rather than a fake answer.</summary>
public sealed class NativeBackend : ISolverBackend
{
    public string Name => "native";

    public IReadOnlyList<OptionInfo> Options { get; } = new[]
    {
        new OptionInfo("tolerance", OptionKind.PositiveNumber, "relative tolerance on gap and residuals (default 1e-8)"),
        new OptionInfo("max_iters", OptionKind.PositiveInteger, "iteration limit (default 200)"),
    };

    public string? Rejects(ConicProgram program) => null;

    public SolveResult Solve(ConicProgram program, SolverSettings settings, CancellationToken cancellation = default) =>
        new() { Status = SolveStatus.Error, Backend = Name, Message = "not implemented yet" };
}
