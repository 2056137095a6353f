using ConicDsl.Backends;
using ConicDsl.Compiler.Architectures.Sizing;
using ConicDsl.Compiler.Pipeline;
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
    public static Diagnostic? BeforeLowering(SizeEstimate estimate, Model model, ISolverBackend backend, long? limitBytes, bool firstOrder,
        bool standardFormToo = false)
    {
        // Sampling is cheap beside lowering, and N draws often give far fewer distinct patterns: before sampling only the
        // data and the masks for N patterns are held against the limit; the program is checked once the patterns exist.
        if (!estimate.PatternsKnown && model.Patterns is SampledPatterns && estimate.DataBytes + estimate.MaskBytes <= Limit(limitBytes))
            return null;
        var shape = estimate.Program;
        (long Bytes, string Name) solver;
        // The first-order route builds no standard form (SolveCommand): its masks and X̃ are in its own count.
        long lowering = estimate.LoweringBytes;
        if (firstOrder && estimate.FirstOrderBytes is { } fo)
            (solver, lowering) = ((fo, "the first-order solver's masks and work arrays"), standardFormToo ? lowering : 0);
        else
        {
            var footprint = MemoryFootprints.For(backend, shape);
            solver = (footprint.Bytes, footprint.Largest);
        }
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
        string patterns = estimate.PatternsKnown ? $"the {estimate.Patterns:N0} patterns found"
            : model.Patterns is ExactPatterns ? $"at most {estimate.Patterns:N0} patterns (the bound on exact enumeration), before enumerating them"
            : $"the {estimate.Patterns:N0} patterns asked for, before sampling them";
        string nonZeros = estimate.PatternsKnown ? $"{shape.TotalNonZeros:N0}" : $"at most {shape.TotalNonZeros:N0}";
        return Diagnostic.Error(DiagnosticIds.ProgramTooLarge, Span(model),
            $"the program is too large for backend '{backend.Name}' (estimated before lowering, for {patterns}): " +
            $"{shape.Variables:N0} variables, {shape.Rows:N0} rows, {nonZeros} nonzeros, about {MemoryLimit.Format(bytes)} " +
            $"(data {MemoryLimit.Format(estimate.DataBytes)}, patterns {MemoryLimit.Format(estimate.MaskBytes)}, " +
            $"lowering {MemoryLimit.Format(lowering)}, solver {MemoryLimit.Format(solver.Bytes)}; " +
            $"mostly {terms.MaxBy(t => t.Bytes).Name}), above the limit of {MemoryLimit.Format(limit)} ({Whence(limitBytes)})",
            Hint);
    }

    /// <summary>The built program against the backend's own estimate, or the first-order route's when it is taken.</summary>
    public static Diagnostic? Check(CompiledModel compiled, ISolverBackend backend, long? limitBytes, long? firstOrderBytes = null)
    {
        var estimate = MemoryFootprints.For(backend, compiled.Lowered.Program);
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
