using ConicDsl.Bench.Peers;

namespace ConicDsl.Bench.Reporting;

/// <summary>
/// The best known optimum of an instance's convex program, against which the time-to-tolerance columns are
/// measured: the objective of the most accurate solver that reported an optimum, in the order of
/// <see cref="Priority"/> — the interior-point methods first (their points pass ConicDsl's own residual and gap check
/// at 1e-8), then the first-order method (its stopping test is a subgradient norm, not an objective gap), then SCS.
/// Not the lowest network objective: with sampled patterns the convex program is an upper bound on the training
/// problem, and a wide non-convex network (Adam) can end below it (bench/README.md).
/// </summary>
public static class ConvexReference
{
    public static readonly string[] Priority = ["native", "cvxopt", "native-al", "scs", "ortools-scip"];

    public static (double Value, string From) Of(IEnumerable<PeerResult> instanceRows)
    {
        var rows = instanceRows.ToList();
        foreach (var peer in Priority)
            if (rows.FirstOrDefault(r => r.Peer == peer && r.Status == "optimal" && double.IsFinite(r.ConvexObjective)) is { } best)
                return (best.ConvexObjective, peer);
        return (double.NaN, "");
    }
}
