using ConicDsl.Conic;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Backends.Native;

/// <summary>The built-in interior-point solver (<see cref="InteriorPointSolver"/>); this class only adapts settings.</summary>
public sealed class NativeBackend : ISolverBackend
{
    public string Name => "native";

    public IReadOnlyList<OptionInfo> Options { get; } = new[]
    {
        new OptionInfo("tolerance", OptionKind.PositiveNumber, "relative tolerance on gap and residuals (default 1e-8)"),
        new OptionInfo("max_iters", OptionKind.PositiveInteger, "iteration limit (default 200)"),
        new OptionInfo("verbose", OptionKind.Flag01, "1 prints one line per iteration to stderr (default 0)"),
    };

    /// <summary>Zero, nonnegative, second-order and PSD cones and a quadratic objective are accepted. The exponential cone
    /// is not symmetric, so the Nesterov–Todd scaling this solver is built on does not exist for it.</summary>
    public string? Rejects(ConicProgram program) =>
        program.Cones.HasExponential
            ? "the native interior-point solver has no exponential cone (its Nesterov–Todd scaling exists for symmetric cones only); use the scs backend for programs with exponential cones (e.g. loss logistic)"
            : null;

    public SolveResult Solve(ConicProgram program, SolverSettings settings, CancellationToken cancellation = default)
    {
        if (Rejects(program) is { } why) return new SolveResult { Status = SolveStatus.Error, Backend = Name, Message = why };
        InteriorPointSettings ipm;
        try
        {
            ipm = InteriorPointSettings.From(settings);
        }
        catch (ArgumentException e)
        {
            return new SolveResult { Status = SolveStatus.Error, Backend = Name, Message = e.Message };
        }
        return InteriorPointSolver.Solve(program, ipm, cancellation);
    }
}
