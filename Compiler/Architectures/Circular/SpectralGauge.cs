namespace ConicDsl.Compiler.Architectures.Circular;

/// <summary>
/// The weight of one frequency class in the convex per-unit penalty of the circular programs, a group norm over
/// the class's real Fourier coordinates across channels:
/// <code>
/// N(ρ) = d^{−k/2} · [ Σ_{self-conjugate} ‖ρ_class‖ + √2·2^{(k−1)/2} · Σ_{pairs} ‖ρ_class‖ ]
///      = d^{−k/2} · [ Σ_{q self-conj.} ‖V_q‖ + 2^{(k−1)/2} Σ_{q in a pair} ‖V_q‖ ],   V_q = ((F v_ch)_q)_ch,
/// </code>
/// for k circular layers in front of the dense layer. k = 1 is math.md §5.3/§5.5's R(v) (weights (1/√d)·{1, √2}),
/// the exact gauge. For k ≥ 2 the exact unit cost is the quasi-norm G(v) = d^{−k/2}‖(‖V_q‖)_q‖_{2/(k+1)} (math.md
/// §5.6, <see cref="SpectralFactorization"/>); N is its convex envelope over REAL filters: the two agree on a
/// single self-conjugate frequency and on a single conjugate pair (whose two entries have equal modulus, hence
/// the factor 2^{1/p}/2 = 2^{(k−1)/2} over plain ℓ1), and N ≤ G everywhere because ‖b‖_p ≥ ‖b‖₁ for p ≤ 1. It is
/// therefore the largest convex minorant, a tighter lower bound than math.md's unweighted d^{−k/2}‖Fv‖₁
/// (docs/architectures.md derives it).
/// </summary>
public static class SpectralGauge
{
    public static double Weight(FrequencyClass frequency, int length, int circularLayers)
    {
        if (circularLayers < 1) throw new ArgumentOutOfRangeException(nameof(circularLayers));
        double scale = Math.Pow(length, -circularLayers / 2.0);
        return frequency.SelfConjugate ? scale : scale * Math.Sqrt(2) * Math.Pow(2, (circularLayers - 1) / 2.0);
    }
}
