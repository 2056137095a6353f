namespace ConicDsl.Compiler.Losses;

/// <summary>The training error of the losses that take labels ±1 (hinge, logistic).</summary>
internal static class SignClassification
{
    /// <summary>Predicted class is +1 when ŷ ≥ 0 (the same tie rule as the sign patterns).</summary>
    public static double MisclassificationRate(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets)
    {
        int wrong = 0;
        for (int k = 0; k < targets.Length; k++)
            if ((predictions[k] >= 0 ? 1.0 : -1.0) != targets[k]) wrong++;
        return (double)wrong / targets.Length;
    }
}
