using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Losses;

public static class LossFactory
{
    public static ILoss Create(LossKind kind) => kind switch
    {
        LossKind.Squared => new SquaredLoss(),
        LossKind.Hinge => new HingeLoss(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no lowering for this loss"),
    };
}
