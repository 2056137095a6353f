using ConicDsl.Conic;

namespace ConicDsl.Backends;

/// <summary>
/// An estimate of the memory a backend needs for one program, made before solving so that a program too large for
/// the machine is refused with the figures instead of being swapped or killed half way (docs/cli.md, "Size guard").
/// <see cref="Largest"/> names the term that dominates, so the refusal can say what to change.
/// </summary>
public sealed record MemoryFootprint(long Variables, long Rows, long NonZeros, long Bytes, string Largest);

/// <summary>Backends that can estimate their own peak memory from the program's shape.</summary>
public interface IMemoryEstimating
{
    /// <summary>From the sizes alone: what the size guard uses before the program is built.</summary>
    MemoryFootprint Estimate(ProgramShape shape);

    /// <summary>From the built program, which may allow a finer estimate.</summary>
    MemoryFootprint Estimate(ConicProgram program) => Estimate(ProgramShape.Of(program));

    /// <summary>As the solve's options will run it (the native solver's <c>kkt dense|sparse</c>); by default the
    /// options do not change the estimate.</summary>
    MemoryFootprint Estimate(ProgramShape shape, SolverSettings settings) => Estimate(shape);

    /// <inheritdoc cref="Estimate(ProgramShape, SolverSettings)"/>
    MemoryFootprint Estimate(ConicProgram program, SolverSettings settings) => Estimate(program);
}

public static class MemoryFootprints
{
    /// <summary>The backend's own estimate, else <see cref="SparseData"/>.</summary>
    public static MemoryFootprint For(ISolverBackend backend, ConicProgram program, SolverSettings? settings = null) =>
        backend is IMemoryEstimating e ? e.Estimate(program, settings ?? new SolverSettings()) : SparseData(ProgramShape.Of(program));

    /// <inheritdoc cref="For(ISolverBackend, ConicProgram, SolverSettings)"/>
    public static MemoryFootprint For(ISolverBackend backend, ProgramShape shape, SolverSettings? settings = null) =>
        backend is IMemoryEstimating e ? e.Estimate(shape, settings ?? new SolverSettings()) : SparseData(shape);

    /// <summary>
    /// What every backend holds at least: the sparse program (8-byte value and 4-byte index per nonzero, vectors of
    /// length n and m) in four copies: ours, its serialized text (about 24 UTF-16 characters per number), the
    /// solver's parsed input and its working copy. A first-order method (SCS) stays near this; an interior-point
    /// solver's factorization comes on top and is counted only by backends that implement
    /// <see cref="IMemoryEstimating"/>.
    /// </summary>
    public static MemoryFootprint SparseData(ProgramShape shape)
    {
        long nnz = shape.TotalNonZeros;
        long numbers = nnz + shape.Variables + shape.Rows;
        long bytes = 3 * (12 * nnz + 8L * (shape.Variables + shape.Rows)) + 48 * numbers;
        return new MemoryFootprint(shape.Variables, shape.Rows, nnz, bytes, "the sparse program data");
    }

    public static long NonZeros(ConicProgram program) => program.A.NonZeros + (program.P?.NonZeros ?? 0);
}
