using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Conic;

namespace ConicDsl.Compiler.Architectures.VectorOutput;

/// <summary>
/// The relaxations of math.md §7.2 in the standard form:
/// <code>
/// minimize L(Ŷ) + β Σ_i ½(tr A_i + tr B_i)
/// s.t.  Ŷ = Σ_i D_i X̃ Z_i                       (zero cone, n·C rows, Ŷ row-major)
///       [[A_i, Z_i], [Z_iᵀ, B_i]] ⪰ 0            (one PSD cone of order d + C per pattern: ‖Z_i‖_*)
///       (K_i A_i K_iᵀ)_kl ≥ 0, k &lt; l          (only when tightened, §7.2(2); K_i = (2D_i − I)X̃)
/// </code>
/// The tightening holds for every point of the exact (copositive) program, where A_i = Σ a aᵀ with K_i a ≥ 0, so
/// K_i A_i K_iᵀ = Σ (K_i a)(K_i a)ᵀ ≥ 0; the diagonal k = l is already implied by A_i ⪰ 0. It adds n(n−1)/2 rows per
/// pattern, each with up to d(d+1)/2 entries, so it is for small data.
/// </summary>
public static class VectorOutputProgram
{
    public static (ConicProgram Program, ConeBlockProgram.Layout Layout) Build(double[,] x, PatternSet patterns,
        int outputs, NuclearNormPenalty penalty, ILoss loss, ReadOnlySpan<double> targets, double beta, bool tighten)
    {
        int n = x.GetLength(0), d = x.GetLength(1), c = outputs, count = patterns.Count;
        var b = new ConicProgramBuilder();
        var yhat = b.AddVariables("prediction", n * c);
        var z = b.AddVariables("z", count * d * c);
        var definition = b.AddRows("prediction_definition", ConeKind.Zero, n * c);
        var offsets = new int[count];
        for (int i = 0; i < count; i++)
        {
            offsets[i] = z.Offset + i * d * c;
            for (int k = 0; k < n; k++)
            {
                if (!patterns.IsActive(i, k)) continue;
                for (int o = 0; o < c; o++)
                    for (int j = 0; j < d; j++)
                        if (x[k, j] != 0) definition.Add(k * c + o, offsets[i] + o * d + j, -x[k, j]); // θ[o·d + j] = Z_i[j, o]
            }
        }
        for (int k = 0; k < n * c; k++) definition.Add(k, yhat.Offset + k, 1.0);
        for (int i = 0; i < count; i++)
        {
            var a = penalty.EmitBlocks(b, $"penalty[{i}]", offsets[i], beta);
            if (tighten) AddTightening(b, x, patterns, i, a);
        }
        loss.Emit(b, yhat, targets);
        return (b.Build(), new ConeBlockProgram.Layout(offsets, null, null));
    }

    /// <summary>s_k s_l x̃_kᵀ A x̃_l ≥ 0 for k &lt; l, s = 2δ − 1; A's variable for (i, j), i ≥ j, is A[i, j].</summary>
    private static void AddTightening(ConicProgramBuilder b, double[,] x, PatternSet patterns, int pattern, Block a)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var rows = b.AddRows($"tightening[{pattern}]", ConeKind.NonNegative, n * (n - 1) / 2);
        int row = 0;
        for (int k = 0; k < n; k++)
        for (int l = k + 1; l < n; l++, row++)
        {
            double sign = patterns.IsActive(pattern, k) == patterns.IsActive(pattern, l) ? 1 : -1;
            int t = 0;
            for (int j = 0; j < d; j++)
            for (int i = j; i < d; i++, t++)
            {
                double coefficient = i == j ? x[k, i] * x[l, i] : x[k, i] * x[l, j] + x[k, j] * x[l, i];
                if (coefficient != 0) rows.Add(row, a.Offset + t, sign * coefficient);
            }
        }
    }
}
