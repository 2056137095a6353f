using ConicDsl.Conic;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Backends.Native;

/// <summary>The built-in interior-point solver (<see cref="InteriorPointSolver"/>); this class only adapts settings.</summary>
public sealed class NativeBackend : ISolverBackend, IVersionProbe, IMemoryEstimating
{
    public MemoryFootprint Estimate(ProgramShape shape) => NativeFootprint.Estimate(shape);

    public MemoryFootprint Estimate(ConicProgram program) => NativeFootprint.Estimate(program);

    public MemoryFootprint Estimate(ProgramShape shape, SolverSettings settings) => NativeFootprint.Estimate(shape, Factorization(settings));

    public MemoryFootprint Estimate(ConicProgram program, SolverSettings settings) => NativeFootprint.Estimate(program, Factorization(settings));

    /// <summary>The factorization the solver will be told (option <c>kkt</c>, else CONICDSL_NATIVE_KKT), read by the
    /// solver's own settings; options it would refuse leave the automatic rule (the solve then fails on them anyway).</summary>
    private static KktFactorization Factorization(SolverSettings settings)
    {
        try { return InteriorPointSettings.From(settings).Factorization; }
        catch (ArgumentException) { return KktFactorization.Auto; }
    }

    public string Name => "native";

    /// <summary>Built in, so always found.</summary>
    public BackendVersion ProbeVersion() => new(Name, true, $"{InteriorPointSolver.Version} (built in)");

    public IReadOnlyList<OptionInfo> Options { get; } = new[]
    {
        new OptionInfo("tolerance", OptionKind.PositiveNumber, "relative tolerance on gap and residuals (default 1e-8)"),
        new OptionInfo("max_iters", OptionKind.PositiveInteger, "iteration limit (default 200)"),
        new OptionInfo("verbose", OptionKind.Flag01, "1 prints one line per iteration to stderr (default 0)"),
        new OptionInfo("kkt", OptionKind.Word, "LDLᵀ of the KKT system: auto (by size and fill), dense or sparse (default auto)",
            new[] { "auto", "dense", "sparse" }),
        new OptionInfo("method", OptionKind.Word,
            "ipm (default), fista (gated_relu), al (relu), or auto: ipm for small programs, the first-order method for large ones (docs/solver.md)",
            new[] { "auto", "ipm", "fista", "al" }),
        new OptionInfo("fo_tolerance", OptionKind.PositiveNumber, "first-order methods: relative tolerance on the min-norm subgradient and the cone violation (default 1e-6)"),
        new OptionInfo("gap_tolerance", OptionKind.PositiveNumber, "first-order methods: also stop when primal − certified dual bound ≤ this · |primal| (and the cone violation meets fo_tolerance; default none)"),
        new OptionInfo("fo_max_iters", OptionKind.PositiveInteger, "first-order methods: iteration limit, summed over augmented-Lagrangian steps (default 20000)"),
    };

    /// <summary>Every cone of the standard form (zero, nonnegative, second-order, PSD, exponential) and a quadratic
    /// objective are accepted; exponential cones are scaled by their dual barrier's Hessian (<see cref="ExpScaling"/>).</summary>
    public string? Rejects(ConicProgram program) => null;

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
