using ConicDsl.Conic;

namespace ConicDsl.Compiler.Losses;

/// <summary>½·Σ(ŷ_k − y_k)², emitted as ½ŷᵀŷ − yᵀŷ + ½‖y‖²: a unit diagonal of P on the ŷ block keeps P sparse.</summary>
public sealed class SquaredLoss : ILoss
{
    public string Name => "squared";

    public string TrainErrorName => "mean squared error";

    public double Evaluate(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets)
    {
        double s = 0;
        for (int k = 0; k < targets.Length; k++)
        {
            double e = predictions[k] - targets[k];
            s += e * e;
        }
        return 0.5 * s;
    }

    public void Emit(ConicProgramBuilder builder, Block predictions, ReadOnlySpan<double> targets)
    {
        double half = 0;
        for (int k = 0; k < targets.Length; k++)
        {
            int v = predictions.Offset + k;
            builder.AddQuadraticObjective(v, v, 1.0);
            builder.AddLinearObjective(v, -targets[k]);
            half += 0.5 * targets[k] * targets[k];
        }
        builder.ObjectiveConstant += half;
    }

    public double TrainError(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets) =>
        2 * Evaluate(predictions, targets) / targets.Length;
}
