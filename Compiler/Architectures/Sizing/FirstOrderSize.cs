namespace ConicDsl.Compiler.Architectures.Sizing;

/// <summary>
/// Memory of the structured first-order route (Compiler/FirstOrder: <c>method fista|al</c>), which works on masks and
/// X̃ instead of the standard form: the masks, one byte per sample and pattern (GroupLassoProblems); X̃ twice (the
/// design matrix and its flattened copy); the n × B product buffer Z (MaskedGroupOperator, GroupLassoSmoothPart; B = P
/// blocks for gated ReLU, 2P for ReLU) and, for ReLU's augmented Lagrangian, the n × B multipliers γ; R-FISTA's
/// half-dozen vectors of d̃·B; a few vectors of length n.
/// </summary>
public static class FirstOrderSize
{
    public static long Bytes(long n, long d, long patterns, bool constrained)
    {
        long blocks = constrained ? 2 * patterns : patterns;
        return n * patterns + 16 * n * d + 8 * n * blocks * (constrained ? 2 : 1) + 6 * 8 * d * blocks + 8 * 4 * n;
    }
}
