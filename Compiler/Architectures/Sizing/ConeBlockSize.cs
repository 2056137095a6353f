using ConicDsl.Compiler.Losses;
using ConicDsl.Conic;

namespace ConicDsl.Compiler.Architectures.Sizing;

/// <summary>
/// The shape of <see cref="ConeBlockProgram"/>'s program from its blocks' sizes, counted term by term from its layout:
/// variables ŷ (n), v (and w when signed) of p per block, the output offset, the penalty's epigraph variables; rows:
/// n equalities, each block's membership rows twice (for v and w), the penalty's cones; nonzeros: ŷ's and the offset's
/// entries, each nonzero of a block's map once per copy, each nonzero of its membership twice.
/// </summary>
public static class ConeBlockSize
{
    /// <param name="n">Samples (equality rows).</param>
    /// <param name="blocks">Number of cone blocks.</param>
    /// <param name="mapNonZeros">Nonzeros of all blocks' maps together.</param>
    /// <param name="membershipRows">Rows of all blocks' memberships together.</param>
    /// <param name="membershipNonZeros">Nonzeros of all blocks' memberships together.</param>
    /// <param name="constrainedBlocks">Blocks with at least one membership row (each adds a clique over its p columns to
    /// the KKT pattern).</param>
    public static ProgramShape Shape(int n, long blocks, IBlockPenalty penalty, ILoss loss, ReadOnlySpan<double> targets,
        long mapNonZeros, long membershipRows, long membershipNonZeros, long constrainedBlocks, bool signed, bool freeOutputOffset)
    {
        int p = penalty.Dimension;
        long copies = signed ? 2 : 1;
        long variables = n + copies * blocks * p + (freeOutputOffset ? 1 : 0);
        long equalityNonZeros = n + (freeOutputOffset ? n : 0) + copies * mapNonZeros;
        var body = new ProgramShape
        {
            Variables = variables,
            Rows = n + 2 * membershipRows,
            ZeroRows = n,
            NonNegativeRows = 2 * membershipRows,
            NonZeros = equalityNonZeros + 2 * membershipNonZeros,
            ZeroRowNonZeros = equalityNonZeros,
            KktEntries = variables + n + equalityNonZeros + 2 * constrainedBlocks * ProgramShape.Triangle(p),
        };
        return body + PartShapes.Penalty(penalty).Times(copies * blocks) + PartShapes.Loss(loss, targets);
    }
}
