using ConicDsl.Backends;
using ConicDsl.Compiler.Architectures.Sizing;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Conic;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Cli.Limits;

/// <summary>
/// Refuses a model whose estimated memory exceeds the limit with a located diagnostic (CNN1230) giving the estimate and
/// the changes that shrink it: before pattern enumeration and again before lowering, from the architecture's
/// <see cref="SizeEstimate"/> (<see cref="BeforeLowering"/>), and once more on the built program
/// (<see cref="Check"/>), whose backend footprint is finer (docs/robustness.md, "Size guard").
/// </summary>
public static class SizeGuard
{
    private const string Hint =
        "use fewer patterns ('arrangements sample N' with a smaller N, or sampling instead of 'exact'), a first-order method " +
        "('solve native method fista' for gated_relu, 'method al' for relu, or '--backend scs', sparse), or raise the limit with --memory-limit SIZE";

    /// <param name="limitBytes">--memory-limit, or null for <see cref="MemoryLimit.DefaultFraction"/> of what is available.</param>
    /// <param name="firstOrder">Whether the structured first-order route solves it (its memory replaces the backend's).</param>
    /// <param name="standardFormToo">Whether the standard form is built even so (a regularization path lowers it per β).</param>
    /// <param name="settings">The solve's settings: the backend's estimate follows them (the native <c>kkt</c> option).</param>
    public static Diagnostic? BeforeLowering(SizeEstimate estimate, Model model, ISolverBackend backend, long? limitBytes, bool firstOrder,
        SolverSettings? settings = null, bool standardFormToo = false)
    {
        // Sampling is cheap beside lowering, and N draws often give far fewer distinct patterns: before sampling only the
        // data and the masks for N patterns are held against the limit; the program is checked once the patterns exist.
        if (!estimate.PatternsKnown && model.Patterns is SampledPatterns && estimate.DataBytes + estimate.MaskBytes <= Limit(limitBytes))
            return null;
        (long Bytes, string Name) solver;
        // The first-order route builds no standard form (SolveCommand): its masks and X̃ are in its own count.
        long lowering = estimate.LoweringBytes;
        if (firstOrder && estimate.FirstOrderBytes is { } fo)
            (solver, lowering) = ((fo, "the first-order solver's masks and work arrays"), standardFormToo ? lowering : 0);
        else
        {
            var footprint = MemoryFootprints.For(backend, estimate.Program, settings);
            solver = (footprint.Bytes, footprint.Largest);
        }
        return Refuse(estimate, model, limitBytes, lowering, solver, "solver", $"for backend '{backend.Name}'");
    }

    /// <summary>
    /// <c>conicdsl compile</c>: the same stages, with writing the program's text in place of the solver
    /// (<see cref="TextBytes"/>). Sampled patterns are held only by data and masks before sampling, as for a solve.
    /// </summary>
    public static Diagnostic? BeforeWriting(SizeEstimate estimate, Model model, long? limitBytes)
    {
        if (!estimate.PatternsKnown && model.Patterns is SampledPatterns && estimate.DataBytes + estimate.MaskBytes <= Limit(limitBytes))
            return null;
        return Refuse(estimate, model, limitBytes, estimate.LoweringBytes, (TextBytes(estimate.Program), "the program's text"), "writing", "to write");
    }

    /// <summary>
    /// The written program's text, bounded: every format writes at most a value and an index per nonzero and one
    /// number per variable and row, each at most 24 characters (a round-trip double), 2 bytes per character, twice for
    /// the string builder's growth. The written files of the examples take 9 to 13 characters per number.
    /// </summary>
    public static long TextBytes(ProgramShape shape) => 2 * 2 * 24 * (2 * shape.TotalNonZeros + shape.Variables + shape.Rows);

    /// <summary>The built program against the writing of its text (plug-ins without an estimate come here only).</summary>
    public static Diagnostic? CheckWriting(CompiledModel compiled, long? limitBytes)
    {
        var shape = ProgramShape.Of(compiled.Lowered.Program);
        long bytes = TextBytes(shape);
        long limit = Limit(limitBytes);
        if (bytes <= limit) return null;
        return Diagnostic.Error(DiagnosticIds.ProgramTooLarge, Span(compiled.Model),
            $"the program is too large to write: {shape.Variables:N0} variables, {shape.Rows:N0} rows, " +
            $"{shape.TotalNonZeros:N0} nonzeros, its text about {MemoryLimit.Format(bytes)}, " +
            $"above the limit of {MemoryLimit.Format(limit)} ({Whence(limitBytes)})",
            CompileHint);
    }

    private const string CompileHint =
        "use fewer patterns ('arrangements sample N' with a smaller N, or sampling instead of 'exact'), or raise the limit with --memory-limit SIZE";

    private static Diagnostic? Refuse(SizeEstimate estimate, Model model, long? limitBytes, long lowering, (long Bytes, string Name) consumer,
        string consumerLabel, string purpose)
    {
        var shape = estimate.Program;
        var solver = consumer;
        var terms = new (long Bytes, string Name)[]
        {
            (estimate.DataBytes, "the data"),
            (estimate.MaskBytes, "the pattern masks"),
            (lowering, "building the program"),
            solver,
        };
        long bytes = terms.Sum(t => t.Bytes);
        long limit = Limit(limitBytes);
        if (bytes <= limit) return null;
        string patterns = model.Network.Architecture is QuadraticArchitecture ? "the quadratic lift, which has no patterns"
            : estimate.PatternsKnown ? $"the {estimate.Patterns:N0} patterns found"
            : model.Patterns is ExactPatterns ? $"at most {estimate.Patterns:N0} patterns (the bound on exact enumeration), before enumerating them"
            : $"the {estimate.Patterns:N0} patterns asked for, before sampling them";
        string nonZeros = estimate.PatternsKnown ? $"{shape.TotalNonZeros:N0}" : $"at most {shape.TotalNonZeros:N0}";
        return Diagnostic.Error(DiagnosticIds.ProgramTooLarge, Span(model),
            $"the program is too large {purpose} (estimated before lowering, for {patterns}): " +
            $"{shape.Variables:N0} variables, {shape.Rows:N0} rows, {nonZeros} nonzeros, about {MemoryLimit.Format(bytes)} " +
            $"(data {MemoryLimit.Format(estimate.DataBytes)}, patterns {MemoryLimit.Format(estimate.MaskBytes)}, " +
            $"lowering {MemoryLimit.Format(lowering)}, {consumerLabel} {MemoryLimit.Format(solver.Bytes)}; " +
            $"mostly {terms.MaxBy(t => t.Bytes).Name}), above the limit of {MemoryLimit.Format(limit)} ({Whence(limitBytes)})",
            consumerLabel == "solver" ? Hint : CompileHint);
    }

    /// <summary>The built program against the backend's own estimate, or the first-order route's when it is taken.</summary>
    public static Diagnostic? Check(CompiledModel compiled, ISolverBackend backend, long? limitBytes, long? firstOrderBytes = null,
        SolverSettings? settings = null)
    {
        var estimate = MemoryFootprints.For(backend, compiled.Lowered.Program, settings);
        if (firstOrderBytes is { } fo) estimate = estimate with { Bytes = fo, Largest = "the first-order solver's masks and work arrays" };
        long limit = Limit(limitBytes);
        if (estimate.Bytes <= limit) return null;
        return Diagnostic.Error(DiagnosticIds.ProgramTooLarge, Span(compiled.Model),
            $"the program is too large for backend '{backend.Name}': {estimate.Variables:N0} variables, {estimate.Rows:N0} rows, " +
            $"{estimate.NonZeros:N0} nonzeros, about {MemoryLimit.Format(estimate.Bytes)} (mostly {estimate.Largest}), " +
            $"above the limit of {MemoryLimit.Format(limit)} ({Whence(limitBytes)})",
            Hint);
    }

    private static long Limit(long? limitBytes) => limitBytes ?? (long)(MemoryLimit.DefaultFraction * MemoryLimit.Available());

    private static string Whence(long? limitBytes) => limitBytes is null ? "half of the available memory" : "--memory-limit";

    private static Dsl.Text.SourceSpan Span(Model model) => model.Patterns.Span.IsNone ? model.Network.Span : model.Patterns.Span;
}
