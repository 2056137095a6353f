namespace ConicDsl.Compiler.FirstOrder;

/// <summary>
/// One FISTA iteration, as reported to an observer of <see cref="GroupLassoSolver.Solve"/> (benchmarks: time to a
/// relative accuracy; profiling: iterations per subproblem).
/// </summary>
/// <param name="Iteration">FISTA iterations so far, over all subproblems.</param>
/// <param name="Subproblem">1 for the gated program; the augmented-Lagrangian step for ReLU.</param>
/// <param name="Value">f + βΣN at the extrapolated point, where the gradient was taken: the objective for the gated
/// program; for ReLU the augmented Lagrangian, penalty term included.</param>
/// <param name="Subgradient">Its min-norm subgradient, absolute.</param>
public sealed record FirstOrderProgress(int Iteration, int Subproblem, double Value, double Subgradient, double Penalty,
    double Step, long Products, TimeSpan ProductTime, TimeSpan Elapsed);
