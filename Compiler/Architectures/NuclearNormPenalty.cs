using ConicDsl.Conic;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Compiler.Architectures;

/// <summary>
/// N(θ) = ‖C‖_* (sum of singular values) of the rows × columns matrix C stored column by column in θ
/// (θ[c·rows + r] = C[r, c]). Its epigraph is one PSD cone: ‖C‖_* ≤ t ⇔ ∃ W₁, W₂ with
/// [[W₁, C], [Cᵀ, W₂]] ⪰ 0 and ½(tr W₁ + tr W₂) ≤ t, so the program carries β·½(tr W₁ + tr W₂) and the W's
/// lower triangles as free variables. It is the convex envelope of the rank-one cost ‖u‖‖w‖ that a unit with
/// C = u wᵀ pays, which is why a relaxation that groups rank-one units uses it (math.md §6, E1).
/// </summary>
public sealed class NuclearNormPenalty : IBlockPenalty
{
    public NuclearNormPenalty(int rows, int columns)
    {
        if (rows < 1 || columns < 1) throw new ArgumentOutOfRangeException(nameof(rows), "C needs at least one row and column");
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; }
    public int Columns { get; }

    public int Dimension => Rows * Columns;

    public void Emit(ConicProgramBuilder builder, string name, int first, double beta) =>
        EmitBlocks(builder, name, first, beta);

    /// <summary><see cref="Emit"/>, returning the variables of W₁ (its lower triangle column by column: entry (i, j),
    /// i ≥ j, is one variable equal to W₁[i, j]) for programs that constrain it further (math.md §7.2(2)).</summary>
    public Block EmitBlocks(ConicProgramBuilder builder, string name, int first, double beta)
    {
        int order = Rows + Columns;
        var top = builder.AddVariables($"{name}_w1", Rows * (Rows + 1) / 2);
        var bottom = builder.AddVariables($"{name}_w2", Columns * (Columns + 1) / 2);
        var psd = builder.AddPsd(name, order);
        int t = 0;
        for (int j = 0; j < Rows; j++)
        for (int i = j; i < Rows; i++, t++)
        {
            psd.Add(Svec.Index(order, i, j), top.Offset + t, i == j ? 1.0 : Svec.Sqrt2);
            if (i == j) builder.AddLinearObjective(top.Offset + t, 0.5 * beta);
        }
        t = 0;
        for (int j = 0; j < Columns; j++)
        for (int i = j; i < Columns; i++, t++)
        {
            psd.Add(Svec.Index(order, Rows + i, Rows + j), bottom.Offset + t, i == j ? 1.0 : Svec.Sqrt2);
            if (i == j) builder.AddLinearObjective(bottom.Offset + t, 0.5 * beta);
        }
        for (int c = 0; c < Columns; c++)
        for (int r = 0; r < Rows; r++)
            psd.Add(Svec.Index(order, Rows + c, r), first + c * Rows + r, Svec.Sqrt2);
        return top;
    }

    public double Evaluate(ReadOnlySpan<double> theta) => SingularValues(theta).Sum();

    /// <summary>The singular values of C, largest first.</summary>
    public double[] SingularValues(ReadOnlySpan<double> theta) =>
        Matrix(theta).Svd(computeVectors: false).S.ToArray();

    public Matrix<double> Matrix(ReadOnlySpan<double> theta)
    {
        if (theta.Length != Dimension) throw new ArgumentException($"θ has {theta.Length} entries, C has {Dimension}");
        var m = Matrix<double>.Build.Dense(Rows, Columns);
        for (int c = 0; c < Columns; c++)
        for (int r = 0; r < Rows; r++)
            m[r, c] = theta[c * Rows + r];
        return m;
    }
}
