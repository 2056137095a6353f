using ConicDsl.Conic;

namespace ConicDsl.Compiler.Losses;

/// <summary>
/// Σ log(1 + exp(−y_k ŷ_k)) with labels ±1 (natural logarithm), emitted with the exponential cone
/// (math.md §2.4): with z_k = −y_k ŷ_k, t_k ≥ log(1 + e^(z_k)) ⇔ e^(z_k − t_k) + e^(−t_k) ≤ 1
/// ⇔ ∃ u, v: u + v ≤ 1, (z_k − t_k, 1, u) ∈ K_exp, (−t_k, 1, v) ∈ K_exp; objective Σ t_k.
/// Not representable with zero, nonnegative, second-order and PSD cones alone, so only backends with an
/// exponential cone accept the program.
/// </summary>
public sealed class LogisticLoss : ILoss
{
    public string Name => "logistic";

    public string TrainErrorName => "misclassification rate";

    /// <summary>log(1 + e^z) without overflow for large z and without losing digits for very negative z.</summary>
    public static double Softplus(double z) => z > 0 ? z + LogOnePlus(Math.Exp(-z)) : LogOnePlus(Math.Exp(z));

    /// <summary>log(1 + w) for 0 ≤ w ≤ 1: 1 + w rounds w away below 1e-16, so tiny w takes the series
    /// w − w²/2 + w³/3, whose truncation error w⁴/4 is below double precision for w &lt; 1e-5.</summary>
    private static double LogOnePlus(double w) => w < 1e-5 ? w * (1 - w * (0.5 - w / 3)) : Math.Log(1 + w);

    public double Evaluate(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets)
    {
        double s = 0;
        for (int k = 0; k < targets.Length; k++) s += Softplus(-targets[k] * predictions[k]);
        return s;
    }

    public void Emit(ConicProgramBuilder builder, Block predictions, ReadOnlySpan<double> targets)
    {
        int n = targets.Length;
        var t = builder.AddVariables("logistic_epigraph", n);
        var u = builder.AddVariables("logistic_exp_weights", 2 * n);
        var budget = builder.AddRows("logistic_weight_budget", ConeKind.NonNegative, n);
        var cones = builder.AddExp("logistic_exp_cones", 2 * n);
        for (int k = 0; k < n; k++)
        {
            int tk = t.Offset + k, uk = u.Offset + 2 * k, vk = uk + 1, yhat = predictions.Offset + k;
            builder.AddLinearObjective(tk, 1.0);
            budget.Add(k, uk, -1.0); // 1 − u_k − v_k ≥ 0
            budget.Add(k, vk, -1.0);
            budget.SetConstant(k, 1.0);
            // Cone 2k: (−y_k ŷ_k − t_k, 1, u_k).
            int r = 6 * k;
            cones.Add(r, yhat, -targets[k]);
            cones.Add(r, tk, -1.0);
            cones.SetConstant(r + 1, 1.0);
            cones.Add(r + 2, uk, 1.0);
            // Cone 2k + 1: (−t_k, 1, v_k).
            cones.Add(r + 3, tk, -1.0);
            cones.SetConstant(r + 4, 1.0);
            cones.Add(r + 5, vk, 1.0);
        }
    }

    public double TrainError(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets) =>
        SignClassification.MisclassificationRate(predictions, targets);
}
