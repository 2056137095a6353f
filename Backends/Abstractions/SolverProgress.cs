namespace ConicDsl.Backends;

/// <summary>
/// One iteration of a solver as it runs: what a live progress line shows and what a convergence plot draws.
/// Residuals and gap are <see cref="SolutionCheck"/>'s relative measures at the iterate (x/τ, y/τ).
/// </summary>
public sealed record SolverIteration(int Iteration, double PrimalObjective, double PrimalResidual, double DualResidual, double Gap);
