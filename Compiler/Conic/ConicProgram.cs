using System.Collections.Immutable;

namespace ConicDsl.Conic;

/// <summary>A named range of variables (or constraint rows), kept so programs can be explained and read back.</summary>
public sealed record Block(string Name, int Offset, int Length);

/// <summary>
/// One conic program in the standard form every backend consumes:
/// <code>minimize cᵀx + ½xᵀPx + ObjectiveConstant  subject to  Ax + s = b,  s ∈ K</code>
/// with K described by <see cref="Cones"/>. <see cref="P"/> is symmetric positive semidefinite and stored as
/// its upper triangle (diagonal included) in CSC, as SCS expects; it is null for a linear objective.
/// Dual convention (SCS): y ∈ K*, stationarity Px + Aᵀy + c = 0, dual objective −½xᵀPx − bᵀy.
/// </summary>
public sealed class ConicProgram
{
    public ConicProgram(
        SparseMatrix a,
        ImmutableArray<double> b,
        ImmutableArray<double> c,
        SparseMatrix? p,
        double objectiveConstant,
        ConeLayout cones,
        ImmutableArray<Block> variableBlocks,
        ImmutableArray<Block> rowBlocks)
    {
        if (a.Rows != b.Length) throw new ArgumentException($"A has {a.Rows} rows but b has {b.Length}");
        if (a.Columns != c.Length) throw new ArgumentException($"A has {a.Columns} columns but c has {c.Length}");
        if (cones.Rows != a.Rows) throw new ArgumentException($"cones cover {cones.Rows} rows but A has {a.Rows}");
        if (p is not null && (p.Rows != c.Length || p.Columns != c.Length))
            throw new ArgumentException("P must be n x n");
        if (p is not null && p.Entries().Any(e => e.Row > e.Column))
            throw new ArgumentException("P must be stored as its upper triangle");
        A = a;
        B = b;
        C = c;
        P = p;
        ObjectiveConstant = objectiveConstant;
        Cones = cones;
        VariableBlocks = variableBlocks;
        RowBlocks = rowBlocks;
    }

    public SparseMatrix A { get; }
    public ImmutableArray<double> B { get; }
    public ImmutableArray<double> C { get; }
    public SparseMatrix? P { get; }
    public double ObjectiveConstant { get; }
    public ConeLayout Cones { get; }
    public ImmutableArray<Block> VariableBlocks { get; }
    public ImmutableArray<Block> RowBlocks { get; }

    public int Variables => C.Length;
    public int Constraints => B.Length;
    public bool HasQuadraticObjective => P is not null && P.NonZeros > 0;

    /// <summary>cᵀx + ½xᵀPx + constant.</summary>
    public double Objective(ReadOnlySpan<double> x)
    {
        double v = ObjectiveConstant;
        for (int i = 0; i < x.Length; i++) v += C[i] * x[i];
        if (P is not null)
        {
            var px = P.SymmetricUpperMultiply(x);
            for (int i = 0; i < x.Length; i++) v += 0.5 * x[i] * px[i];
        }
        return v;
    }
}
