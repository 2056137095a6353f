namespace ConicDsl.Compiler.FirstOrder;

/// <summary>
/// One point of a first-order solve's history: the program's objective (loss + group norms, without the augmented
/// Lagrangian's penalty) and the method's own constraint violation (0 for the gated program), <see cref="Seconds"/>
/// after the solve started. R-FISTA records every iteration (its line search has already evaluated the loss there,
/// so the point is free); the augmented Lagrangian records the end of each outer step (one extra product each),
/// since its inner iterates minimize the penalized function, whose value is not the program's.
/// <see cref="DualObjective"/> is the certified lower bound (<see cref="DualBound"/>) evaluated at this point, NaN where
/// none was evaluated (R-FISTA every <see cref="FirstOrderSettings.DualInterval"/> iterations and at the end; the
/// augmented Lagrangian at every outer step).
/// </summary>
public sealed record FirstOrderIterate(int Iteration, double Seconds, double Objective, double Violation,
    double DualObjective = double.NaN);
