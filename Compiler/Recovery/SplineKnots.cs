namespace ConicDsl.Compiler.Recovery;

/// <summary>A kink of a one-input ReLU network: where one neuron's pre-activation w·x + b crosses zero.</summary>
public sealed record SplineKnot(double X, Neuron Neuron);

/// <summary>
/// The knots of f(x) = Σ_j α_j·max(0, w_j x + b_j) + c on a scalar input: x = −b_j/w_j for every neuron with w_j ≠ 0
/// (a neuron with w_j = 0 is a constant and has no kink). With an unregularised bias the optimal knots lie at training
/// inputs (math.md §9.3); with a regularised bias they need not.
/// </summary>
public static class SplineKnots
{
    public static IReadOnlyList<SplineKnot> Of(TwoLayerReluNetwork network)
    {
        if (network.FeatureNames.Length != 1)
            throw new ArgumentException("knots are defined for networks of one input feature", nameof(network));
        return network.Neurons
            .Where(n => n.Weights[0] != 0)
            .Select(n => new SplineKnot(-n.Bias / n.Weights[0], n))
            .OrderBy(k => k.X)
            .ToList();
    }
}
