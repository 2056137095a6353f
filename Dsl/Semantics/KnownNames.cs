namespace ConicDsl.Dsl.Semantics;

/// <summary>The names of losses and regularizers the language knows. They are names, not keywords: the
/// parser accepts any word and the checker says which ones exist.</summary>
public static class KnownNames
{
    public static IReadOnlyDictionary<string, LossKind> Losses { get; } = new Dictionary<string, LossKind>
    {
        ["squared"] = LossKind.Squared,
        ["hinge"] = LossKind.Hinge,
        ["absolute"] = LossKind.Absolute,
        ["huber"] = LossKind.Huber,
        ["logistic"] = LossKind.Logistic,
    };

    public const string WeightDecay = "weight_decay";

    public static IReadOnlyList<string> Regularizers { get; } = [WeightDecay];

    public const string DefaultBackend = "native";
}
