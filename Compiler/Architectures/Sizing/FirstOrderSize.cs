namespace ConicDsl.Compiler.Architectures.Sizing;

/// <summary>
/// Memory of the structured first-order route (Compiler/FirstOrder: <c>method fista|al</c>), which works on masks and
/// X̃ instead of the standard form, counted as the process holds it at its peak, the solve: the one byte per sample and pattern (GroupLassoProblems); X̃ twice (the design matrix and its flattened copy); the
/// two n × B image buffers (GroupLassoSmoothPart; B = P blocks for gated ReLU, 2P for ReLU) and, for ReLU's augmented
/// Lagrangian, the n × B multipliers γ; R-FISTA's half-dozen vectors of d̃·B; a few vectors of length n. The data and
/// the pattern set are the guard's own terms. Checked against the measured peak (VmHWM) of a <c>conicdsl solve</c> child
/// in FirstOrderMemoryTests; the stages before and after the solve stay below it because their garbage is collected at
/// the boundaries (PhaseGarbage) and the recovery prunes from row blocks (docs/solver.md, "Memory").
/// </summary>
public static class FirstOrderSize
{
    /// <summary>The .NET runtime, the JIT's code and the native libraries (OpenBLAS) of a <c>conicdsl solve</c> process
    /// before it holds any data: 55 MB measured (VmHWM of a 200-sample solve), rounded up. The process's, not the
    /// model's: left out of <see cref="Bytes"/> and so of the guard (whose other backends' footprints leave it out too);
    /// added when the estimate is compared with a measured process peak.</summary>
    public const long RuntimeBytes = 64L << 20;

    public static long Bytes(long n, long d, long patterns, bool constrained)
    {
        long blocks = constrained ? 2 * patterns : patterns;
        long images = 2 * 8 * n * blocks, multipliers = constrained ? 8 * n * blocks : 0;
        return n * patterns + 16 * n * d + images + multipliers + 6 * 8 * d * blocks + 8 * 4 * n;
    }
}
