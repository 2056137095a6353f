using ConicDsl.Compiler.Architectures.VectorOutput;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Conic;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures.Sizing;

/// <summary>
/// The size of <see cref="VectorOutputPlugin"/>'s programs for C outputs. The nuclear-norm relaxation
/// (<see cref="VectorOutputProgram"/>): variables Ŷ (n·C), Z_i (d̃·C per pattern), the penalty's W's; rows: n·C
/// equalities, one PSD cone of order d̃ + C per pattern, and with the tightening n(n−1)/2 rows per pattern whose
/// coefficients x̃_kᵀ A x̃_l do not depend on the pattern (only their sign does), so they are counted once; nonzeros:
/// Ŷ's entries and C times each nonzero of D_i X̃. The l1_output program (§7.4) is <see cref="ConeBlockSize"/> with one
/// signed block per pattern and output: map D_i X̃ into one output's rows, membership (2D_i − I)X̃ (n rows).
/// </summary>
public static class VectorOutputSize
{
    public static SizeEstimate? Estimate(Model model, Dataset data, PatternSet? patterns)
    {
        var spec = (VectorOutputArchitecture)model.Network.Architecture;
        var x = data.DesignMatrix(model.Network.Bias != BiasMode.None);
        int n = x.GetLength(0), d = x.GetLength(1), c = data.Outputs;
        long count = patterns?.Count ?? RequestedPatterns.Count(model.Patterns, x) ?? -1;
        if (count < 0) return null;
        long active = patterns is null ? MaskedNonZeros.Bound(x, count) : MaskedNonZeros.Exact(x, patterns);
        var loss = LossFactory.Create(model.Loss);
        var targets = data.Targets();
        var shape = spec.L1Output
            ? L1Output(x, count, c, active, loss, targets)
            : Nuclear(x, count, c, active, spec.Tightened, loss, targets);
        // The design matrix, and for l1_output each block's dense map (n·C × d̃) and membership (n × d̃).
        long blocks = spec.L1Output ? 8L * count * c * (n * c + n) * d : 0;
        long lowering = 8L * n * d + blocks + SizeEstimate.BuilderBytes(shape);
        return new SizeEstimate(shape, count, patterns is not null,
            SizeEstimate.DatasetBytes(n, data.Features, data.Outputs), SizeEstimate.PatternSetBytes(count, n, d), lowering);
    }

    private static ProgramShape Nuclear(double[,] x, long count, int c, long active, bool tightened, ILoss loss, double[] targets)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        long predictions = (long)n * c;
        long equalityNonZeros = predictions + c * active;
        long variables = predictions + count * d * c;
        var body = new ProgramShape
        {
            Variables = variables,
            Rows = predictions,
            ZeroRows = predictions,
            NonZeros = equalityNonZeros,
            ZeroRowNonZeros = equalityNonZeros,
            KktEntries = variables + predictions + equalityNonZeros,
        };
        var shape = body + PartShapes.Penalty(new NuclearNormPenalty(d, c)).Times(count);
        if (!tightened) return shape + PartShapes.Loss(loss, targets);
        var (rows, nonZeros, cliques) = Tightening(x);
        var tightening = new ProgramShape
        {
            Rows = count * rows,
            NonNegativeRows = count * rows,
            NonZeros = count * nonZeros,
            KktEntries = count * cliques,
        };
        return shape + tightening + PartShapes.Loss(loss, targets);
    }

    /// <summary>One pattern's tightening rows: their count, their nonzeros, and Σ over rows of the lower triangle of the
    /// clique over their columns (the KKT pattern bound).</summary>
    private static (long Rows, long NonZeros, long Cliques) Tightening(double[,] x)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        long nonZeros = 0, cliques = 0;
        for (int k = 0; k < n; k++)
        for (int l = k + 1; l < n; l++)
        {
            long row = 0;
            for (int j = 0; j < d; j++)
            for (int i = j; i < d; i++)
            {
                double coefficient = i == j ? x[k, i] * x[l, i] : x[k, i] * x[l, j] + x[k, j] * x[l, i];
                if (coefficient != 0) row++;
            }
            nonZeros += row;
            cliques += ProgramShape.Triangle(row);
        }
        return ((long)n * (n - 1) / 2, nonZeros, cliques);
    }

    private static ProgramShape L1Output(double[,] x, long count, int c, long active, ILoss loss, double[] targets)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        long rowNonZeros = 0;
        for (int k = 0; k < n; k++) rowNonZeros += MaskedNonZeros.RowNonZeros(x, k);
        long blocks = count * c;
        return ConeBlockSize.Shape(n * c, blocks, GroupNormPenalty.Euclidean(d), loss, targets,
            mapNonZeros: c * active, membershipRows: blocks * n, membershipNonZeros: blocks * rowNonZeros,
            constrainedBlocks: n > 0 ? blocks : 0, signed: true, freeOutputOffset: false);
    }
}
