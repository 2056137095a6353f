using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Recovery;

namespace ConicDsl.Compiler.FirstOrder;

/// <summary>
/// A model lowered for the first-order route instead of the standard form: the structured problem, and the same
/// recovery map the conic lowering uses, fed a solution vector laid out as <see cref="SolutionVector"/> writes it —
/// so the recovered network and its recomputed objective do not depend on which route solved the program.
/// </summary>
public sealed record StructuredLowering(
    GroupLassoProblem Problem, IRecoveryMap Recovery, ProgramClaim Claim, string ClaimReason)
{
    /// <summary>The blocks one after another (v's then w's for ReLU), then the free output offset if any.</summary>
    public double[] SolutionVector(GroupLassoSolution solution)
    {
        var blocks = solution.BlocksContiguous(Problem.Features);
        if (!Problem.FreeOutputOffset) return blocks;
        var vector = new double[blocks.Length + 1];
        blocks.CopyTo(vector, 0);
        vector[^1] = solution.Offset;
        return vector;
    }

    /// <summary>Offset of the output offset b₀ in <see cref="SolutionVector"/>, when the problem has one.</summary>
    public static int? OutputOffsetIndex(GroupLassoProblem problem) =>
        problem.FreeOutputOffset ? problem.Features * problem.Blocks : null;
}
