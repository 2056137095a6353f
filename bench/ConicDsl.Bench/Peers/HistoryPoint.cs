namespace ConicDsl.Bench.Peers;

/// <summary>
/// One timed point of a peer's run: seconds since its solve (or training) started, the objective there, and the
/// primal residual of that point where the peer has constraints (NaN where it has none: Adam, the gated program).
/// </summary>
public readonly record struct HistoryPoint(double Seconds, double Objective, double Residual);
