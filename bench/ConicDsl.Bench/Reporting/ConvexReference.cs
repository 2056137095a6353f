using ConicDsl.Bench.Peers;

namespace ConicDsl.Bench.Reporting;

/// <summary>
/// The best known optimum of an instance's convex program, against which the time-to-tolerance columns are
/// measured: the objective of the most accurate solver that reported an optimum, in the order of
/// <see cref="Priority"/> — the interior-point methods first (their points pass ConicDsl's own residual and gap check
/// at 1e-8), then the first-order method (its stopping test is a subgradient norm, not an objective gap), then SCS.
/// When no peer reported an optimum, the lowest objective of a nearly feasible final point (primal residual ≤
/// <see cref="FeasibleResidual"/>) is used — but only together with a certified lower bound (the
/// <c>dual_objective</c> of a peer in <see cref="CertifyingPeers"/>), so that the reference comes with the bracket [best dual, best primal] that says how far
/// from the optimum it can be. Not the lowest network objective: with sampled patterns the convex program is an upper
/// bound on the training problem, and a wide non-convex network (Adam) can end below it (bench/README.md).
/// </summary>
public static class ConvexReference
{
    public static readonly string[] Priority = ["native", "cvxopt", "native-al", "scs", "ortools-scip"];

    /// <summary>Peers whose <c>dual_objective</c> is a certified lower bound at any point: the first-order solver's is
    /// evaluated at a dual-feasible point by construction. Every backend reports a dual objective, but the IPM's, SCS's
    /// and CVXOPT's are those of a point that is dual feasible only up to its residual — no bound when they stopped
    /// short of an optimum, which is exactly when this fallback is used.</summary>
    public static readonly string[] CertifyingPeers = ["native-al"];

    /// <summary>The residual below which a final point's objective counts as an upper bound (the large target's tolerance).</summary>
    public const double FeasibleResidual = 1e-4;

    /// <param name="Lower">The best certified lower bound, NaN where the reference is an optimum or none exists.</param>
    public readonly record struct Value(double Objective, string From, double Lower = double.NaN);

    public static Value Of(IEnumerable<PeerResult> instanceRows)
    {
        var rows = instanceRows.Where(r => r.IsSolver).ToList();
        foreach (var peer in Priority)
        {
            var optimal = rows.Where(r => r.Peer == peer && r.Status == "optimal" && double.IsFinite(r.ConvexObjective)).ToList();
            if (optimal.Count > 0) return new Value(Spread.Of(optimal.Select(r => r.ConvexObjective)).Median, peer);
        }
        var primal = rows.Where(r => double.IsFinite(r.ConvexObjective) && r.FinalResidual <= FeasibleResidual)
            .MinBy(r => r.ConvexObjective);
        var duals = rows.Where(r => CertifyingPeers.Contains(r.Peer)).SelectMany(r => r.Runs.SelectMany(h => h.Select(p => p.Dual)).Append(r.DualObjective).Select(d => (r.Peer, Dual: d)))
            .Where(d => double.IsFinite(d.Dual)).ToList();
        if (primal is null || duals.Count == 0) return new Value(double.NaN, "");
        var dual = duals.MaxBy(d => d.Dual);
        double gap = (primal.ConvexObjective - dual.Dual) / Math.Abs(primal.ConvexObjective);
        return new Value(primal.ConvexObjective,
            $"best primal of {primal.Peer} (residual ≤ {FeasibleResidual:0e0}); certified within {gap:0.0E+0} by the dual bound of {dual.Peer}: [{dual.Dual:G10}, {primal.ConvexObjective:G10}]",
            dual.Dual);
    }
}
