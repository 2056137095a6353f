using ConicDsl.Compiler.Patterns;

namespace ConicDsl.Compiler.Architectures.VectorOutput;

/// <summary>
/// math.md §7.2's exactness test for one rank-one term σ·a·bᵀ of block Z_i: a lies in the pattern cone
/// K_i a ≥ 0 (K_i = (2D_i − I)X̃), or −a does (then the term is the neuron (−a, −b)). When it holds, the ReLU neuron
/// u = ±√σ·a, v = ±√σ·b outputs (X̃u)_+ vᵀ = D_i X̃ (σ a bᵀ) at cost ½(‖u‖² + ‖v‖²) = σ, so the relaxation's value is
/// attained. The tolerance is relative to max_k |x̃_kᵀa|: interior-point solutions put samples that lie on the
/// neuron's hyperplane a rounding error to either side.
/// </summary>
public static class PatternConeTest
{
    public const double Tolerance = 1e-6;

    /// <param name="Sign">+1 or −1: the orientation of a that is in (or, when neither is, closest to) the cone.</param>
    /// <param name="Violation">max_k of the wrong-side part of (2δ_k − 1)·x̃_kᵀ(Sign·a), relative to max_k |x̃_kᵀa|.</param>
    public readonly record struct Outcome(bool InCone, double Sign, double Violation);

    public static Outcome Check(double[,] x, PatternSet patterns, RankOneTerm term)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        double plus = 0, minus = 0, scale = 0;
        for (int k = 0; k < n; k++)
        {
            double t = 0;
            for (int j = 0; j < d; j++) t += x[k, j] * term.Left[j];
            double signed = patterns.IsActive(term.Pattern, k) ? t : -t;
            plus = Math.Max(plus, -signed);
            minus = Math.Max(minus, signed);
            scale = Math.Max(scale, Math.Abs(t));
        }
        if (scale == 0) return new Outcome(true, 1, 0);
        plus /= scale;
        minus /= scale;
        return plus <= minus
            ? new Outcome(plus <= Tolerance, 1, plus)
            : new Outcome(minus <= Tolerance, -1, minus);
    }
}
