using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Losses;

public static class LossFactory
{
    /// <summary>The loss the model's <c>loss</c> statement asks for (with its Huber threshold).</summary>
    public static ILoss Create(LossSpec spec) => Create(spec.Kind, spec.Delta);

    public static ILoss Create(LossKind kind, double delta = LossSpec.DefaultDelta) => kind switch
    {
        LossKind.Squared => new SquaredLoss(),
        LossKind.Hinge => new HingeLoss(),
        LossKind.Absolute => new AbsoluteLoss(),
        LossKind.Huber => new HuberLoss(delta),
        LossKind.Logistic => new LogisticLoss(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no lowering for this loss"),
    };

    /// <summary>L(ŷ) in words, as network.json's conventions state it.</summary>
    public static string Convention(LossSpec spec) => spec.Kind switch
    {
        LossKind.Squared => "1/2 * sum_k (f(x_k) - y_k)^2",
        LossKind.Hinge => "sum_k max(0, 1 - y_k f(x_k)), y in {-1, +1}",
        LossKind.Absolute => "sum_k |f(x_k) - y_k|",
        LossKind.Logistic => "sum_k log(1 + exp(-y_k f(x_k))), y in {-1, +1} (natural logarithm)",
        LossKind.Huber => $"sum_k huber(f(x_k) - y_k), huber(r) = r^2/2 if |r| <= delta, delta*(|r| - delta/2) otherwise; delta = {spec.Delta.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}",
        _ => throw new ArgumentOutOfRangeException(nameof(spec)),
    };
}
