using ConicDsl.Conic;

namespace ConicDsl.Compiler.Losses;

/// <summary>Σ|ŷ_k − y_k|, emitted as an LP epigraph (math.md §2.4): e ≥ ŷ − y, e ≥ y − ŷ, objective 1ᵀe.</summary>
public sealed class AbsoluteLoss : ILoss
{
    public string Name => "absolute";

    public string TrainErrorName => "mean absolute error";

    public double Evaluate(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets)
    {
        double s = 0;
        for (int k = 0; k < targets.Length; k++) s += Math.Abs(predictions[k] - targets[k]);
        return s;
    }

    public void Emit(ConicProgramBuilder builder, Block predictions, ReadOnlySpan<double> targets)
    {
        int n = targets.Length;
        var e = builder.AddVariables("absolute_excess", n);
        var rows = builder.AddRows("absolute_epigraph", ConeKind.NonNegative, 2 * n);
        for (int k = 0; k < n; k++)
        {
            builder.AddLinearObjective(e.Offset + k, 1.0);
            // A row is Σ coef·x + constant ≥ 0 (the builder flips signs into Ax + s = b).
            rows.Add(2 * k, e.Offset + k, 1.0); // e_k − (ŷ_k − y_k) ≥ 0
            rows.Add(2 * k, predictions.Offset + k, -1.0);
            rows.SetConstant(2 * k, targets[k]);
            rows.Add(2 * k + 1, e.Offset + k, 1.0); // e_k + (ŷ_k − y_k) ≥ 0
            rows.Add(2 * k + 1, predictions.Offset + k, 1.0);
            rows.SetConstant(2 * k + 1, -targets[k]);
        }
    }

    public double TrainError(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets) =>
        Evaluate(predictions, targets) / targets.Length;
}
