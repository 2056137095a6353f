using System.Collections.Immutable;
using ConicDsl.Conic;

namespace ConicDsl.Compiler.Certificates;

/// <summary>
/// The convex program's optimal dual on its prediction rows. Those rows state ŷ − Σ_i D_iX̃(v_i − w_i) = 0, which the
/// builder stores as s = b − Ax with A holding the negated coefficients (−1 on ŷ_k); stationarity in ŷ then reads
/// ∂L(ŷ) − y_pred ∋ 0, so −y_pred = r* ∈ −∂L(ŷ*): the optimal dual vector of math.md §9.1, the same for every
/// optimal ŷ. For the hinge loss it supplies the subgradient on the kinks (τ_k = r*_k·y_k).
/// </summary>
public static class ConvexDualResidual
{
    public const string PredictionRows = "prediction_definition";

    /// <summary>r* = −y_pred, or empty when the program or the dual point lacks the prediction rows.</summary>
    public static ImmutableArray<double> Residual(ConicProgram program, ImmutableArray<double> dual, int samples)
    {
        var block = program.RowBlocks.FirstOrDefault(b => b.Name == PredictionRows);
        if (block is null || block.Length != samples || dual.Length != program.Constraints) return ImmutableArray<double>.Empty;
        return Enumerable.Range(0, samples).Select(k => -dual[block.Offset + k]).ToImmutableArray();
    }

    /// <summary>τ_k = r*_k·y_k (labels ±1), or empty when <see cref="Residual"/> is.</summary>
    public static ImmutableArray<double> HingeKinkMultipliers(ConicProgram program, ImmutableArray<double> dual, ReadOnlySpan<double> targets)
    {
        var r = Residual(program, dual, targets.Length);
        if (r.IsEmpty) return r;
        var tau = new double[targets.Length];
        for (int k = 0; k < tau.Length; k++) tau[k] = r[k] * targets[k];
        return tau.ToImmutableArray();
    }
}
