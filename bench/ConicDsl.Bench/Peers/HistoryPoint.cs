namespace ConicDsl.Bench.Peers;

/// <summary>
/// One timed point of a peer's run: seconds since its solve (or training) started, the objective there, and the
/// primal residual of that point where the peer has constraints (NaN where it has none: Adam, the gated program).
/// <see cref="Dual"/> is a certified lower bound on the convex optimum evaluated at that point (the first-order
/// solver's <c>history[k].dual_objective</c>), NaN where the solver did not evaluate one.
/// </summary>
public readonly record struct HistoryPoint(double Seconds, double Objective, double Residual, double Dual = double.NaN);
