namespace ConicDsl.Bench.Peers;

/// <summary>
/// What one peer did on one instance. <see cref="NetworkObjective"/> is the training objective (conventions.md
/// units) of a real network: the one recovered from a solver's point, or the one Adam trained; it is what the
/// time-to-tolerance columns compare, since every peer produces one. <see cref="History"/> holds (seconds, best
/// objective so far) where a peer reports its progress; otherwise only the final point is known.
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
    IReadOnlyList<(double Seconds, double Objective)> History,
    double? Gflops = null,
    string Note = "",
    double CpuSeconds = double.NaN)
{
    public static PeerResult Skipped(string instance, string peer, string status, string why) =>
        new(instance, peer, status, double.NaN, double.NaN, double.NaN, double.NaN, 0, [], Note: why);

    /// <summary>Seconds until the objective was within <paramref name="relative"/> of <paramref name="best"/>, or null
    /// when never. Without a history the final time counts only if the final objective is within.</summary>
    public double? TimeToReach(double best, double relative)
    {
        double target = best + relative * Math.Max(Math.Abs(best), 1e-12);
        if (History.Count > 0)
        {
            foreach (var (t, f) in History)
                if (f <= target) return t;
            return null;
        }
        return double.IsFinite(NetworkObjective) && NetworkObjective <= target ? SolveSeconds : null;
    }
}
