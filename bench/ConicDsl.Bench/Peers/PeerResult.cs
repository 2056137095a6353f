namespace ConicDsl.Bench.Peers;

/// <summary>
/// What one peer did on one instance. Solvers (<see cref="IsSolver"/>) are judged on <see cref="ConvexObjective"/>,
/// the convex program's objective at their point; Adam on <see cref="NetworkObjective"/>, the training objective of
/// the network it trained (conventions.md units; for solvers the recovered network's, recomputed). <see cref="Runs"/>
/// holds the timed histories (one per solver run, one per Adam start); a peer without one (external solvers) is
/// known only at its end.
/// </summary>
public sealed record PeerResult(
    string Instance,
    string Peer,
    string Status,
    double ConvexObjective,
    double NetworkObjective,
    double SolveSeconds,
    double WallSeconds,
    long PeakBytes,
    IReadOnlyList<IReadOnlyList<HistoryPoint>> Runs,
    double? Gflops = null,
    string Note = "",
    double CpuSeconds = double.NaN,
    bool IsSolver = true,
    double CompileSeconds = double.NaN,
    double FinalResidual = double.NaN,
    double DualObjective = double.NaN,
    int Run = 1,
    IReadOnlyList<double>? StartObjectives = null)
{
    /// <summary>Statuses of a run that did not end by itself: repeating it would only repeat the verdict (the
    /// limit, the memory cap, the size rule or the failure), so the orchestrator runs such a peer once.</summary>
    public static readonly string[] NotRepeatable = ["time_limit", "killed", "skipped", "error", "not available", "interrupted"];

    public bool EndedByItself => !NotRepeatable.Contains(Status);

    /// <summary>(objective − dual)/|objective| at the end, where the solver reported a dual objective that means
    /// something: always for a certifying peer (the first-order solver), otherwise only at an optimal or inaccurate
    /// answer — a run stopped at its limit reports a dual of a point far from dual feasible (OR-Tools SCIP at its
    /// limit reports its primal value there: a gap of 0 that certifies nothing).</summary>
    public double FinalGap => IsSolver && (Reporting.ConvexReference.CertifyingPeers.Contains(Peer) || Status is "optimal" or "inaccurate")
        && double.IsFinite(DualObjective) && double.IsFinite(ConvexObjective) && ConvexObjective != 0
        ? (ConvexObjective - DualObjective) / Math.Abs(ConvexObjective) : double.NaN;

    /// <summary>
    /// First time the certified relative gap (objective − dual)/|objective| was at most <paramref name="tol"/> at a
    /// point whose primal residual is at most <paramref name="tol"/> too (the dual bound certifies the optimum; the
    /// residual says the primal value is one of a nearly feasible point). Null where no evaluated point got there.
    /// </summary>
    public double? TimeToGap(double tol)
    {
        foreach (var run in Runs)
            foreach (var p in run)
                if (double.IsFinite(p.Dual) && p.Objective != 0 && (p.Objective - p.Dual) / Math.Abs(p.Objective) <= tol && !(p.Residual > tol))
                    return p.Seconds;
        return null;
    }

    public static PeerResult Skipped(string instance, string peer, string status, string why) =>
        new(instance, peer, status, double.NaN, double.NaN, double.NaN, double.NaN, 0, [], Note: why);

    /// <summary>The objective this peer is judged on (see the type's summary).</summary>
    public double Objective => IsSolver ? ConvexObjective : NetworkObjective;

    /// <summary>
    /// When the peer first came within <paramref name="relative"/> of <paramref name="reference"/>, the convex
    /// program's best known optimum. A solver's point counts when its objective is within that relative distance
    /// on either side (an infeasible iterate can lie below the optimum) and its primal residual, where it has one, is
    /// at most <paramref name="relative"/> too. Adam counts once its training objective is at most reference·(1 +
    /// relative): it reached the value the convex program guarantees (it may go lower; it optimizes over more
    /// networks). The fastest of several runs counts. Without a history the final point decides, and the time is
    /// then an upper bound (the solve time), and a solver's final point counts only with a reported primal residual.
    /// </summary>
    public Reach? TimeToReach(double reference, double relative)
    {
        if (!double.IsFinite(reference)) return null;
        double slack = relative * Math.Abs(reference);
        bool Within(double objective, double residual) =>
            IsSolver
                ? Math.Abs(objective - reference) <= slack && !(residual > relative)
                : objective <= reference + slack;
        if (Runs.Any(r => r.Count > 0))
        {
            double? best = null;
            foreach (var run in Runs)
                foreach (var p in run)
                    if (Within(p.Objective, p.Residual))
                    {
                        if (best is null || p.Seconds < best) best = p.Seconds;
                        break;
                    }
            return best is double t ? new Reach(t, UpperBound: false) : null;
        }
        bool residualKnown = !IsSolver || double.IsFinite(FinalResidual);
        return double.IsFinite(Objective) && residualKnown && Within(Objective, FinalResidual)
            ? new Reach(SolveSeconds, UpperBound: true) : null;
    }

    public readonly record struct Reach(double Seconds, bool UpperBound);
}
