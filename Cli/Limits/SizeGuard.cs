using ConicDsl.Backends;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Dsl.Diagnostics;

namespace ConicDsl.Cli.Limits;

/// <summary>
/// Refuses a program whose estimated memory (<see cref="MemoryFootprints"/>) exceeds the limit, before the backend
/// allocates it: a located diagnostic with the estimate and the changes that shrink it.
/// </summary>
public static class SizeGuard
{
    /// <param name="limitBytes">--memory-limit, or null for <see cref="MemoryLimit.DefaultFraction"/> of what is available.</param>
    public static Diagnostic? Check(CompiledModel compiled, ISolverBackend backend, long? limitBytes)
    {
        var estimate = MemoryFootprints.For(backend, compiled.Lowered.Program);
        long limit = limitBytes ?? (long)(MemoryLimit.DefaultFraction * MemoryLimit.Available());
        if (estimate.Bytes <= limit) return null;
        string whence = limitBytes is null ? "half of the available memory" : "--memory-limit";
        var model = compiled.Model;
        var span = model.Patterns.Span.IsNone ? model.Network.Span : model.Patterns.Span;
        return Diagnostic.Error(DiagnosticIds.ProgramTooLarge, span,
            $"the program is too large for backend '{backend.Name}': {estimate.Variables:N0} variables, {estimate.Rows:N0} rows, " +
            $"{estimate.NonZeros:N0} nonzeros, about {MemoryLimit.Format(estimate.Bytes)} (mostly {estimate.Largest}), " +
            $"above the limit of {MemoryLimit.Format(limit)} ({whence})",
            $"use fewer patterns ('arrangements sample N' with a smaller N, or sampling instead of 'exact'), " +
            $"a first-order method ('--backend scs', sparse), or raise the limit with --memory-limit SIZE");
    }
}
