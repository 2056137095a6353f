using ConicDsl.Conic;

namespace ConicDsl.Compiler.Losses;

/// <summary>Σ max(0, 1 − y_k ŷ_k) with labels ±1, emitted as an LP epigraph: e ≥ 0, e ≥ 1 − y∘ŷ, objective 1ᵀe.</summary>
public sealed class HingeLoss : ILoss
{
    public string Name => "hinge";

    public string TrainErrorName => "misclassification rate";

    public double Evaluate(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets)
    {
        double s = 0;
        for (int k = 0; k < targets.Length; k++) s += Math.Max(0, 1 - targets[k] * predictions[k]);
        return s;
    }

    public void Emit(ConicProgramBuilder builder, Block predictions, ReadOnlySpan<double> targets)
    {
        int n = targets.Length;
        var e = builder.AddVariables("hinge_excess", n);
        var rows = builder.AddRows("hinge_epigraph", ConeKind.NonNegative, 2 * n);
        for (int k = 0; k < n; k++)
        {
            builder.AddLinearObjective(e.Offset + k, 1.0);
            rows.Add(2 * k, e.Offset + k, 1.0); // e_k ≥ 0
            rows.Add(2 * k + 1, e.Offset + k, 1.0); // e_k + y_k ŷ_k − 1 ≥ 0
            rows.Add(2 * k + 1, predictions.Offset + k, targets[k]);
            rows.SetConstant(2 * k + 1, -1.0);
        }
    }

    public double TrainError(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets) =>
        SignClassification.MisclassificationRate(predictions, targets);
}
