using ConicDsl.Conic;

namespace ConicDsl.Compiler.Losses;

/// <summary>
/// Σ huber_δ(ŷ_k − y_k) with huber_δ(r) = ½r² for |r| ≤ δ and δ(|r| − ½δ) otherwise, emitted through
/// huber_δ(r) = min_w ½w² + δ|r − w| (the minimiser is w = clip(r, −δ, δ)): variables w and e, objective
/// ½Σw² + δΣe (a unit diagonal of P on w), rows e ≥ ±(ŷ − y − w).
/// </summary>
public sealed class HuberLoss : ILoss
{
    public HuberLoss(double delta)
    {
        if (!(delta > 0) || double.IsInfinity(delta)) throw new ArgumentOutOfRangeException(nameof(delta), "delta must be positive");
        Delta = delta;
    }

    public double Delta { get; }

    public string Name => "huber";

    public string TrainErrorName => "mean squared error";

    public static double Huber(double r, double delta) =>
        Math.Abs(r) <= delta ? 0.5 * r * r : delta * (Math.Abs(r) - 0.5 * delta);

    public double Evaluate(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets)
    {
        double s = 0;
        for (int k = 0; k < targets.Length; k++) s += Huber(predictions[k] - targets[k], Delta);
        return s;
    }

    public void Emit(ConicProgramBuilder builder, Block predictions, ReadOnlySpan<double> targets)
    {
        int n = targets.Length;
        var w = builder.AddVariables("huber_quadratic_part", n);
        var e = builder.AddVariables("huber_linear_part", n);
        var rows = builder.AddRows("huber_epigraph", ConeKind.NonNegative, 2 * n);
        for (int k = 0; k < n; k++)
        {
            builder.AddQuadraticObjective(w.Offset + k, w.Offset + k, 1.0);
            builder.AddLinearObjective(e.Offset + k, Delta);
            // A row is Σ coef·x + constant ≥ 0.
            rows.Add(2 * k, e.Offset + k, 1.0); // e_k − (ŷ_k − y_k − w_k) ≥ 0
            rows.Add(2 * k, predictions.Offset + k, -1.0);
            rows.Add(2 * k, w.Offset + k, 1.0);
            rows.SetConstant(2 * k, targets[k]);
            rows.Add(2 * k + 1, e.Offset + k, 1.0); // e_k + (ŷ_k − y_k − w_k) ≥ 0
            rows.Add(2 * k + 1, predictions.Offset + k, 1.0);
            rows.Add(2 * k + 1, w.Offset + k, -1.0);
            rows.SetConstant(2 * k + 1, -targets[k]);
        }
    }

    public double TrainError(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets)
    {
        double s = 0;
        for (int k = 0; k < targets.Length; k++) s += (predictions[k] - targets[k]) * (predictions[k] - targets[k]);
        return s / targets.Length;
    }
}
