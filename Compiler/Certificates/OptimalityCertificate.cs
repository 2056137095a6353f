using System.Collections.Immutable;

namespace ConicDsl.Compiler.Certificates;

/// <summary>One hidden unit under math.md §10.2: balance (step 1) and complementary slackness (step 5), each also as
/// the share of the objective it accounts for, since network − (−L*(−r)) = Σ_j BalanceExcess_j + Σ_j SlacknessExcess_j
/// (Fenchel–Young, §9.1).</summary>
/// <param name="WeightNorm">‖u_j‖ (bias included when it is regularised).</param>
/// <param name="BalanceExcess">(β/2)(‖u_j‖ − |α_j|)²: what rescaling the unit would save.</param>
/// <param name="Slackness">sign(α_j)·rᵀ(X̃ū_j)₊ / β with ū_j = u_j/‖u_j‖; 1 at an optimum; NaN for a dead unit.</param>
/// <param name="SlacknessExcess">β‖u_j‖|α_j|(1 − Slackness).</param>
public sealed record NeuronCheck(int Index, double WeightNorm, double OutputWeight, bool Active, double BalanceExcess,
    double Slackness, double SlacknessExcess, bool InPatternSet);

/// <summary>The (pattern, sign) whose cone violates dual feasibility most: the direction a new neuron should take.</summary>
/// <param name="Ratio">‖Π_K(±X̃ᵀD r)‖ / β.</param>
/// <param name="Direction">Π_K(±X̃ᵀD r) / ‖·‖ (a unit neuron in X̃'s coordinates); empty when the projection is zero.</param>
public sealed record WorstCone(int Pattern, int Sign, double Ratio, string Mask, ImmutableArray<double> Direction);

/// <summary>
/// The outcome of math.md §10.2's test on one network, over the pattern set of the model. Every number is computed
/// from the network run forward and from exact cone projections; the convex solve plays no part except for the hinge
/// loss's kink multipliers.
/// </summary>
public sealed record OptimalityCertificate(
    double NetworkObjective,
    double Beta,
    bool PatternsExact,
    int Patterns,
    double Rho,
    WorstCone? Worst,
    ImmutableArray<NeuronCheck> Neurons,
    double DualBound,
    double Tolerance,
    double ObjectiveTolerance)
{
    /// <summary>ρ/β: at most 1 (+tolerance) when r is dual feasible over the patterns' cones.</summary>
    public double RhoOverBeta => Rho / Beta;

    /// <summary>The objective scale the excesses are compared with: max(1, |network objective|).</summary>
    public double Scale => Math.Max(1, Math.Abs(NetworkObjective));

    public double BalanceExcess => Neurons.Sum(n => n.BalanceExcess);

    public double SlacknessExcess => Neurons.Where(n => n.Active).Sum(n => Math.Abs(n.SlacknessExcess));

    /// <summary>Step 1: rebalancing would save at most <see cref="ObjectiveTolerance"/>·<see cref="Scale"/>.</summary>
    public bool Balanced => BalanceExcess <= ObjectiveTolerance * Scale;

    /// <summary>Step 4: ρ ≤ β(1 + <see cref="Tolerance"/>).</summary>
    public bool DualFeasible => Rho <= Beta * (1 + Tolerance);

    /// <summary>Step 5, weighted by each unit's size: a unit too small to matter cannot fail it on rounding alone.</summary>
    public bool SlacknessHolds => SlacknessExcess <= ObjectiveTolerance * Scale;

    public bool UnitHolds(NeuronCheck n) =>
        n.BalanceExcess <= ObjectiveTolerance * Scale && (!n.Active || Math.Abs(n.SlacknessExcess) <= ObjectiveTolerance * Scale);

    /// <summary>Steps 1, 4 and 5 of §10.2 all hold.</summary>
    public bool KktHolds => Balanced && DualFeasible && SlacknessHolds;

    /// <summary>Every active neuron lies in a cone of the pattern set (always true for exact patterns, up to ties).</summary>
    public bool NeuronsInPatternSet => Neurons.All(n => !n.Active || n.InPatternSet);

    /// <summary>The dual bound is a certified lower bound on the global optimum only when the cones cover every
    /// direction (exact patterns); over sampled cones it bounds only the sampled problem.</summary>
    public double? CertifiedLowerBound => PatternsExact && double.IsFinite(DualBound) ? DualBound : null;

    /// <summary>(network − dual bound) / max(|network|, 1e-12): how much the network may exceed the optimum at most.</summary>
    public double RelativeCertificateGap => (NetworkObjective - DualBound) / Math.Max(Math.Abs(NetworkObjective), 1e-12);
}
