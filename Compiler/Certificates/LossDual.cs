using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Certificates;

/// <summary>
/// What the certificate needs of a loss (math.md §9.1, conventions.md units): a residual r ∈ −∂L(ŷ) and the dual
/// function −L*(−λ). Only the squared and hinge losses are covered; <see cref="Supports"/> says which.
/// </summary>
public static class LossDual
{
    public static bool Supports(LossKind kind) => kind is LossKind.Squared or LossKind.Hinge;

    /// <summary>Margins 1 − yŷ within this of zero count as kinks of the hinge, where r may be chosen.</summary>
    public const double HingeKinkTolerance = 1e-6;

    /// <summary>
    /// r = −∇L(ŷ). Squared: y − ŷ. Hinge (Σ max(0, 1 − y_k ŷ_k), labels ±1): r_k = y_k·τ_k with τ_k = 1 where the
    /// margin is violated, 0 where it is met strictly, and, on the kink, the caller's <paramref name="kinkMultipliers"/>
    /// τ_k clamped to [0, 1] (½ without them). Any such r is a subgradient; choosing the convex program's dual at the
    /// kinks makes r the optimal dual vector whenever the network is optimal.
    /// </summary>
    public static double[] Residual(LossKind kind, ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets,
        ReadOnlySpan<double> kinkMultipliers = default)
    {
        int n = targets.Length;
        var r = new double[n];
        for (int k = 0; k < n; k++)
        {
            r[k] = kind switch
            {
                LossKind.Squared => targets[k] - predictions[k],
                LossKind.Hinge => targets[k] * HingeWeight(1 - targets[k] * predictions[k], kinkMultipliers.IsEmpty ? 0.5 : kinkMultipliers[k]),
                _ => throw new NotSupportedException($"no certificate for the {kind} loss"),
            };
        }
        return r;
    }

    private static double HingeWeight(double margin, double kink) =>
        margin > HingeKinkTolerance ? 1 : margin < -HingeKinkTolerance ? 0 : Math.Clamp(kink, 0, 1);

    /// <summary>−L*(−λ): squared λᵀy − ½‖λ‖²; hinge Σ λ_k y_k, finite only when every λ_k y_k ∈ [0, 1] (else −∞).</summary>
    public static double Value(LossKind kind, ReadOnlySpan<double> lambda, ReadOnlySpan<double> targets)
    {
        double s = 0;
        for (int k = 0; k < targets.Length; k++)
        {
            switch (kind)
            {
                case LossKind.Squared:
                    s += lambda[k] * targets[k] - 0.5 * lambda[k] * lambda[k];
                    break;
                case LossKind.Hinge:
                    double tau = lambda[k] * targets[k];
                    if (tau < -1e-12 || tau > 1 + 1e-12) return double.NegativeInfinity;
                    s += tau;
                    break;
                default:
                    throw new NotSupportedException($"no certificate for the {kind} loss");
            }
        }
        return s;
    }
}
