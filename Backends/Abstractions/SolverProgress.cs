namespace ConicDsl.Backends;

/// <summary>
/// One iteration of a solver as it runs: what a live progress line shows and what a convergence plot draws.
/// Residuals and gap are <see cref="SolutionCheck"/>'s relative measures at the iterate (x/τ, y/τ).
/// <see cref="Seconds"/> is the time since the solve started (NaN where a backend does not time its iterations), so a
/// benchmark can read time-to-tolerance off the history instead of only the final time.
/// </summary>
public sealed record SolverIteration(int Iteration, double PrimalObjective, double PrimalResidual, double DualResidual, double Gap,
    double Seconds = double.NaN, double DualObjective = double.NaN);
