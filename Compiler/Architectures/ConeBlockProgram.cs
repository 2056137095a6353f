using ConicDsl.Compiler.Losses;
using ConicDsl.Conic;

namespace ConicDsl.Compiler.Architectures;

/// <summary>
/// math.md §1's program in the one standard form, for any architecture that supplies cones, maps and a penalty:
/// <code>
/// minimize L(ŷ) + β Σ_i (N(v_i) + N(w_i))
/// s.t.  ŷ = Σ_i A_i (v_i − w_i) [+ b₀]     (zero cone, n rows)
///       G_i v_i ≥ 0, G_i w_i ≥ 0            (nonnegative rows)
///       epigraphs of N                      (the penalty's cones)
/// </code>
/// ŷ stays a variable so the quadratic part of the objective is diagonal and the matrix sparse.
/// Without cone constraints (gated ReLU, math.md §2.6) the split v_i − w_i is redundant — the block's sign is free —
/// so <c>signedBlocks: false</c> emits one unconstrained block θ_i per cone instead.
/// </summary>
public static class ConeBlockProgram
{
    /// <summary>Where the blocks live in the solution vector.</summary>
    /// <param name="V">Offset of v_i for each block (θ has <c>Dimension</c> entries from there).</param>
    /// <param name="W">Offset of w_i for each block; null when the program has unsigned blocks only.</param>
    /// <param name="OutputOffset">The free output offset b₀, when the program has one.</param>
    public sealed record Layout(int[] V, int[]? W, int? OutputOffset);

    public static (ConicProgram Program, Layout Layout) Build(
        IReadOnlyList<ConeBlock> blocks, IBlockPenalty penalty, ILoss loss, ReadOnlySpan<double> targets, double beta,
        bool freeOutputOffset = false, bool signedBlocks = true)
    {
        int n = targets.Length, p = penalty.Dimension, count = blocks.Count;
        var b = new ConicProgramBuilder();
        var yhat = b.AddVariables("prediction", n);
        var v = b.AddVariables("v", count * p);
        var w = signedBlocks ? b.AddVariables("w", count * p) : null;
        Block? offset = freeOutputOffset ? b.AddVariables("output_offset", 1) : null;

        var definition = b.AddRows("prediction_definition", ConeKind.Zero, n);
        for (int k = 0; k < n; k++)
        {
            definition.Add(k, yhat.Offset + k, 1.0);
            if (offset is not null) definition.Add(k, offset.Offset, -1.0);
        }
        var layoutV = new int[count];
        var layoutW = new int[count];
        for (int i = 0; i < count; i++)
        {
            var block = blocks[i];
            if (block.Map.GetLength(0) != n || block.Map.GetLength(1) != p || block.Membership.GetLength(1) != p)
                throw new ArgumentException($"cone block {i} has the wrong shape");
            layoutV[i] = v.Offset + i * p;
            if (w is not null) layoutW[i] = w.Offset + i * p;
            for (int k = 0; k < n; k++)
            {
                for (int j = 0; j < p; j++)
                {
                    double a = block.Map[k, j];
                    if (a == 0) continue;
                    definition.Add(k, layoutV[i] + j, -a);
                    if (w is not null) definition.Add(k, layoutW[i] + j, a);
                }
            }
            int m = block.Membership.GetLength(0);
            if (m > 0 && w is null) throw new ArgumentException("unsigned blocks cannot carry cone constraints");
            if (m == 0) continue;
            var coneV = b.AddRows($"cone_v[{i}]", ConeKind.NonNegative, m);
            var coneW = b.AddRows($"cone_w[{i}]", ConeKind.NonNegative, m);
            for (int r = 0; r < m; r++)
            {
                for (int j = 0; j < p; j++)
                {
                    double g = block.Membership[r, j];
                    if (g == 0) continue;
                    coneV.Add(r, layoutV[i] + j, g);
                    coneW.Add(r, layoutW[i] + j, g);
                }
            }
        }
        for (int i = 0; i < count; i++)
        {
            penalty.Emit(b, $"penalty_v[{i}]", layoutV[i], beta);
            if (w is not null) penalty.Emit(b, $"penalty_w[{i}]", layoutW[i], beta);
        }
        loss.Emit(b, yhat, targets);
        return (b.Build(), new Layout(layoutV, w is null ? null : layoutW, offset?.Offset));
    }
}
