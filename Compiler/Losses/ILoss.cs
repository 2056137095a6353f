using ConicDsl.Conic;

namespace ConicDsl.Compiler.Losses;

/// <summary>
/// A convex loss L(ŷ) of the prediction vector, in the units of conventions.md (sums, not means).
/// A loss knows how to evaluate itself on predictions and how to express itself in the standard form given
/// the block of prediction variables ŷ.
/// </summary>
public interface ILoss
{
    string Name { get; }

    /// <summary>L(ŷ) evaluated directly.</summary>
    double Evaluate(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets);

    /// <summary>Adds variables, rows and objective terms so that the program's objective includes L(ŷ).</summary>
    void Emit(ConicProgramBuilder builder, Block predictions, ReadOnlySpan<double> targets);

    /// <summary>The training error reported to users (mean squared error, misclassification rate).</summary>
    double TrainError(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets);

    string TrainErrorName { get; }
}
