using System.Globalization;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Certificates;

/// <summary>
/// The answer <c>conicdsl certify</c> gives, from the §10.2 certificate and the convex program's optimum.
/// <list type="bullet">
/// <item>Squared loss: decided by the KKT test (differentiable loss: the test is necessary and sufficient).</item>
/// <item>Hinge loss: r is one subgradient, so a failed KKT test proves nothing; decided by comparing the network's
/// objective with the solved convex optimum, and the KKT test, when it holds, is the certificate.</item>
/// <item>Sampled patterns: no global decision (<see cref="GloballyOptimal"/> is null); the answer is relative to the
/// sampled cones.</item>
/// </list>
/// </summary>
public sealed record OptimalityDecision(
    bool? GloballyOptimal,
    bool? OptimalOverPatterns,
    string Basis,
    bool? ObjectiveTestHolds,
    bool? TestsAgree,
    double OptimalObjective,
    string Statement)
{
    /// <summary>Relative tolerance of "network objective = convex optimum" (on max(1, |optimum|)).</summary>
    public const double ObjectiveTolerance = 1e-6;

    public static OptimalityDecision Decide(OptimalityCertificate c, LossKind loss, double optimum, bool solvedOptimally)
    {
        bool? objectiveTest = solvedOptimally
            ? c.NetworkObjective <= optimum + ObjectiveTolerance * Math.Max(1, Math.Abs(optimum))
            : null;
        bool kktDecides = loss == LossKind.Squared;
        // Units outside every sampled cone put the network outside the class the sampled program optimises over
        // (it may even beat that program's optimum, an upper bound): no answer relative to the patterns either.
        bool outside = !c.PatternsExact && !c.NeuronsInPatternSet;
        bool? overPatterns = outside ? null : kktDecides ? c.KktHolds : objectiveTest;
        bool? global = c.PatternsExact ? overPatterns : null;
        bool? agree = objectiveTest is bool o ? o == c.KktHolds : null;
        string basis = kktDecides ? "kkt" : "objective_comparison";
        bool beatsSampled = outside && solvedOptimally && c.NetworkObjective < optimum - ObjectiveTolerance * Math.Max(1, Math.Abs(optimum));
        string statement = outside
            ? "undecided: some units lie outside the sampled patterns' cones, so the sampled program cannot judge this network" +
              (beatsSampled ? " (it even beats that program's optimum, which is only an upper bound)" : "") + "; use 'arrangements exact'"
            : (c.PatternsExact, overPatterns) switch
        {
            (true, true) => kktDecides
                ? "globally optimal: balanced, dual feasible over every cone, complementary slackness holds (math.md §10.2)"
                : c.KktHolds
                    ? "globally optimal: the objective equals the convex optimum and the KKT certificate holds"
                    : "globally optimal: the objective equals the convex optimum (the KKT test with this subgradient does not certify it)",
            (true, false) => "not globally optimal: " + Why(c, kktDecides),
            (true, null) => "undecided: the convex program was not solved to optimality",
            (false, true) => "optimal over the sampled patterns' cones only (not a global statement: the patterns are sampled)",
            (false, false) => "not optimal even over the sampled patterns' cones: " + Why(c, kktDecides),
            (false, null) => "undecided: the convex program was not solved to optimality, and the patterns are sampled",
        };
        return new OptimalityDecision(global, overPatterns, basis, objectiveTest, agree, optimum, statement);
    }

    private static string Why(OptimalityCertificate c, bool kktDecides)
    {
        var reasons = new List<string>();
        if (!kktDecides) reasons.Add("its objective exceeds the convex optimum");
        if (!c.Balanced) reasons.Add($"some units are unbalanced (‖u_j‖ ≠ |α_j|): rescaling them saves {c.BalanceExcess.ToString("G3", CultureInfo.InvariantCulture)}");
        if (!c.DualFeasible) reasons.Add($"rho/beta = {c.RhoOverBeta.ToString("G6", CultureInfo.InvariantCulture)} > 1 (a new unit in the worst cone lowers the cost)");
        if (!c.SlacknessHolds) reasons.Add($"complementary slackness fails for some active units (they account for {c.SlacknessExcess.ToString("G3", CultureInfo.InvariantCulture)} of the objective)");
        return reasons.Count == 0 ? "see the numbers below" : string.Join("; ", reasons);
    }
}
