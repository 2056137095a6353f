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

    /// <summary>β·Σ|α_j| on the output weights; only for the quadratic-activation layer, whose input weights are
    /// unit-norm (math.md §8.1).</summary>
    public const string L1Output = "l1_output";

    /// <summary>(β/2)Σ(‖u_j‖² + ‖v_j‖₁²) for vector outputs (math.md §7.4).</summary>
    public const string WeightDecayL1Output = "weight_decay_l1_output";

    public static IReadOnlyList<string> Regularizers { get; } = [WeightDecay, L1Output, WeightDecayL1Output];

    public const string DefaultBackend = "native";
}
