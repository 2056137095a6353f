namespace ConicDsl.Cli.Explaining;

/// <summary>What the compiler's recurring block names stand for, in the notation of math.md; a name not listed here
/// is printed without a gloss rather than guessed at.</summary>
public static class BlockGlossary
{
    private static readonly Dictionary<string, string> Meanings = new()
    {
        ["prediction"] = "ŷ, the network's output on each training sample",
        ["prediction_reduced"] = "ŷ in the reduced coordinates of the rank-deficient data",
        ["v"] = "v_i, the positive-part weights of each sign pattern (math.md §1)",
        ["w"] = "w_i, the negative-part weights of each sign pattern",
        ["norm_v"] = "epigraph of ‖v_i‖ (the group-lasso term)",
        ["norm_w"] = "epigraph of ‖w_i‖",
        ["output_offset"] = "the unregularized output bias",
        ["prediction_definition"] = "ŷ as a linear function of the convex weights (math.md §1)",
        ["reduced_prediction_definition"] = "ŷ defined in reduced coordinates",
        ["pattern_cone_v"] = "(2D_i − I) X v_i ≥ 0: v_i stays in its pattern's cone",
        ["pattern_cone_w"] = "(2D_i − I) X w_i ≥ 0",
        ["hinge_excess"] = "t_k ≥ max(0, 1 − y_k ŷ_k)",
        ["hinge_epigraph"] = "t_k ≥ 1 − y_k ŷ_k and t_k ≥ 0",
        ["absolute_excess"] = "t_k ≥ |ŷ_k − y_k|",
        ["absolute_epigraph"] = "t_k ≥ ±(ŷ_k − y_k)",
        ["huber_quadratic_part"] = "the quadratic part of the Huber split",
        ["huber_linear_part"] = "the linear part of the Huber split",
        ["huber_epigraph"] = "the Huber split's constraints",
        ["logistic_epigraph"] = "t_k ≥ log(1 + exp(−y_k ŷ_k))",
        ["logistic_exp_weights"] = "the two exponential terms of each sample's log-sum-exp",
        ["logistic_exp_cones"] = "exp(·) ≤ · for each term (K_exp)",
        ["logistic_weight_budget"] = "the exponential terms of a sample sum to at most 1",
        ["cone_v"] = "‖v_i‖ ≤ t (second-order cones)",
        ["cone_w"] = "‖w_i‖ ≤ t (second-order cones)",
        ["tightening"] = "extra valid inequalities of 'relaxation tight' (math.md §7.3)",
        ["Z_plus"] = "the lifted PSD matrix of positive output weights (math.md §8)",
        ["Z_minus"] = "the lifted PSD matrix of negative output weights",
    };

    public static string? Meaning(string family) => Meanings.GetValueOrDefault(family);
}
