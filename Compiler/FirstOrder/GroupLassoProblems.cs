using ConicDsl.Compiler.Patterns;

namespace ConicDsl.Compiler.FirstOrder;

/// <summary>Builds the structured problem from a design matrix and a pattern set: X̃ flattened once, masks one byte
/// per sample and pattern (n·P bytes — the only pattern-sized storage).</summary>
public static class GroupLassoProblems
{
    public static GroupLassoProblem Build(double[,] design, PatternSet patterns, double[] targets, double beta,
        int penalizedColumns, bool constrained, bool freeOutputOffset)
    {
        int n = design.GetLength(0), d = design.GetLength(1), p = patterns.Count;
        var x = new double[n * d];
        Buffer.BlockCopy(design, 0, x, 0, n * d * sizeof(double));
        var masks = new byte[(long)n * p];
        for (int i = 0; i < p; i++)
            for (int s = 0; s < n; s++)
                if (patterns.IsActive(i, s)) masks[(long)s * p + i] = 1;
        return new GroupLassoProblem(n, d, p, x, masks, (double[])targets.Clone(), beta, penalizedColumns,
            constrained, freeOutputOffset);
    }
}
