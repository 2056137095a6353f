using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.FirstOrder;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Conic;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Pipeline;

/// <summary>Everything the compiler produced for one model, with the time each stage took: the standard-form program,
/// or — when the first-order route was chosen before lowering (<see cref="ModelCompiler.WithoutStandardForm"/>) — the
/// structured lowering alone.</summary>
/// <param name="StandardForm">The conic program; null on the first-order route, which never builds it.</param>
public sealed record CompiledModel(
    Model Model,
    Dataset Data,
    PatternSet Patterns,
    LoweredProgram? StandardForm,
    TimeSpan BindTime,
    TimeSpan PatternTime,
    TimeSpan LowerTime)
{
    public TimeSpan CompileTime => BindTime + PatternTime + LowerTime;

    /// <summary>The structured lowering, set when it replaced the standard form.</summary>
    public StructuredLowering? Structured { get; init; }

    /// <summary>The standard form's shape from the size estimate when the program was not built (exact counts once the
    /// patterns exist), for reports that state the program's size.</summary>
    public ProgramShape? UnbuiltShape { get; init; }

    /// <summary>Plug-in's wire name when no standard form carries it.</summary>
    public string? ArchitectureName { get; init; }

    /// <summary>The standard form. Callers on the first-order route must not ask for it: it was never built.</summary>
    public LoweredProgram Lowered => StandardForm ?? throw new InvalidOperationException(
        "the first-order route built no standard-form program (CompiledModel.Structured holds its lowering)");

    public string Architecture => StandardForm?.Architecture ?? ArchitectureName ?? "";

    public ProgramClaim Claim => StandardForm?.Claim ?? Structured?.Claim ?? ProgramClaim.Exact;

    public string ClaimReason => StandardForm?.ClaimReason ?? Structured?.ClaimReason ?? "";

    /// <summary>The standard form's variables and rows, built or estimated; null when neither is known.</summary>
    public (long Variables, long Rows)? StandardFormSize => StandardForm is { } lowered
        ? (lowered.Program.Variables, lowered.Program.Constraints)
        : UnbuiltShape is { } shape ? (shape.Variables, shape.Rows) : null;
}
