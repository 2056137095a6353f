using ConicDsl.Compiler.Losses;
using ConicDsl.Conic;

namespace ConicDsl.Compiler.Architectures.Sizing;

/// <summary>
/// The shapes of a loss and of a block penalty, found by emitting them into a scratch builder (their size is linear in n
/// or in the block's dimension, never in the pattern count, so this is cheap) rather than by a second description of
/// each loss that could drift from its <c>Emit</c>. The variables they attach to are subtracted, with their diagonal.
/// </summary>
public static class PartShapes
{
    public static ProgramShape Loss(ILoss loss, ReadOnlySpan<double> targets)
    {
        var b = new ConicProgramBuilder();
        var predictions = b.AddVariables("prediction", targets.Length);
        loss.Emit(b, predictions, targets);
        return Without(ProgramShape.Of(b.Build()), targets.Length);
    }

    public static ProgramShape Penalty(IBlockPenalty penalty)
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("theta", penalty.Dimension);
        penalty.Emit(b, "penalty", 0, 1.0);
        return Without(ProgramShape.Of(b.Build()), penalty.Dimension);
    }

    private static ProgramShape Without(ProgramShape shape, long variables) =>
        shape with { Variables = shape.Variables - variables, KktEntries = shape.KktEntries - variables };
}
