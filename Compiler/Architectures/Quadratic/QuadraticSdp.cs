using ConicDsl.Compiler.Losses;
using ConicDsl.Conic;

namespace ConicDsl.Compiler.Architectures.Quadratic;

/// <summary>
/// SDP-QUAD of math.md §8.2 in the standard form:
/// <code>
/// minimize L(ŷ) + β (Z⁺_{kk} + Z⁻_{kk})
/// s.t.  ŷ_s = ⟨M(x̃_s), Z⁺ − Z⁻⟩                    (zero cone, n rows)
///       tr Z^±_{1:k−1,1:k−1} − Z^±_{kk} = 0          (zero cone, 2 rows)
///       svec Z⁺ ∈ S₊^k,  svec Z⁻ ∈ S₊^k             (two PSD cones of order k = d̃+1)
/// </code>
/// ŷ stays a variable so the squared loss gives a diagonal quadratic part. For the squared loss with n greater than
/// the m = k(k+1)/2 lifted coordinates, ŷ is replaced by the m-vector R(z⁺ − z⁻) of a QR reduction of the lifted data
/// (targets Qᵀy, constant ½‖y − QQᵀy‖²): the same objective everywhere, m dense rows instead of n.
/// </summary>
public static class QuadraticSdp
{
    /// <summary>Where svec Z⁺ and svec Z⁻ start in the solution vector; <c>Order</c> is k.</summary>
    public sealed record Layout(int Plus, int Minus, int Order);

    public static (ConicProgram Program, Layout Layout) Build(
        double[,] x, QuadraticLift lift, ILoss loss, ReadOnlySpan<double> targets, double beta)
    {
        int n = x.GetLength(0), d = x.GetLength(1), k = d + 1, m = ConeLayout.SvecLength(k);
        var lifted = lift.SvecRows(x);
        // The squared loss depends on ŷ only through ‖ŷ − y‖: with more samples than lifted coordinates, n dense
        // prediction rows shrink to m (LeastSquaresReduction), with the same objective at every point.
        bool reduce = loss is SquaredLoss && n > m;
        double[,] map = lifted;
        double[] goal = targets.ToArray();
        double residual = 0;
        if (reduce) (map, goal, residual) = LeastSquaresReduction.Reduce(lifted, targets);
        int rows = map.GetLength(0);

        var b = new ConicProgramBuilder();
        var yhat = b.AddVariables(reduce ? "prediction_reduced" : "prediction", rows);
        var plus = b.AddVariables("Z_plus", m);
        var minus = b.AddVariables("Z_minus", m);

        var definition = b.AddRows(reduce ? "reduced_prediction_definition" : "prediction_definition", ConeKind.Zero, rows);
        for (int s = 0; s < rows; s++)
        {
            definition.Add(s, yhat.Offset + s, 1.0);
            for (int e = 0; e < m; e++)
            {
                definition.Add(s, plus.Offset + e, -map[s, e]);
                definition.Add(s, minus.Offset + e, map[s, e]);
            }
        }

        int corner = Svec.Index(k, d, d);
        foreach (var (block, name) in new[] { (plus, "plus"), (minus, "minus") })
        {
            // ‖u‖ = 1 for every neuron of the block: the G-orthogonality ⟨Diag(I_d, −1), Z⟩ = 0 of §8.3.
            var trace = b.AddRows($"unit_norm_trace_{name}", ConeKind.Zero, 1);
            for (int j = 0; j < d; j++) trace.Add(0, block.Offset + Svec.Index(k, j, j), 1.0);
            trace.Add(0, block.Offset + corner, -1.0);

            var cone = b.AddPsd($"psd_{name}", k);
            for (int e = 0; e < m; e++) cone.Add(e, block.Offset + e, 1.0);

            // Z_kk = Σ_j |α_j| of the block's neurons.
            b.AddLinearObjective(block.Offset + corner, beta);
        }

        loss.Emit(b, yhat, goal);
        b.ObjectiveConstant += 0.5 * residual;
        return (b.Build(), new Layout(plus.Offset, minus.Offset, k));
    }
}
