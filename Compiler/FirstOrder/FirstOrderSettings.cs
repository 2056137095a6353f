namespace ConicDsl.Compiler.FirstOrder;

/// <summary>
/// Stopping rule and limits of the first-order solvers (docs/solver.md, "First-order methods").
/// </summary>
/// <param name="Tolerance">Relative: stop when ‖min-norm subgradient‖ ≤ Tolerance · max(β, ‖∇L(0)‖), the gradient of the
/// loss at Θ = 0 (its block norms against β decide whether zero is optimal, so it is the problem's own scale).</param>
/// <param name="ConstraintTolerance">Relative: (ReLU) stop only when the constraint residual max |min(γ/δ, (2D_i − I)X̃θ_i)|
/// — violation, and complementarity with the multipliers γ — is at most ConstraintTolerance · max(1, max |X̃θ|).</param>
/// <param name="InitialStep">FISTA's first step (scnn's 10); backtracking shrinks it, the AL carries it between subproblems.</param>
/// <param name="MaxIterations">Limit on FISTA iterations, summed over all augmented-Lagrangian subproblems.</param>
/// <param name="GapTolerance">Relative, optional: also stop (converged) when primal − certified dual bound ≤
/// GapTolerance · |primal| and (ReLU) the constraint residual meets <see cref="ConstraintTolerance"/>.</param>
/// <param name="DualInterval">R-FISTA evaluates the dual bound every this many iterations (two products each, so
/// about 5% more products at 20) and at the end; the augmented Lagrangian at every outer step.</param>
public sealed record FirstOrderSettings(
    double Tolerance = 1e-6,
    double ConstraintTolerance = 1e-6,
    int MaxIterations = 20000,
    int MaxOuterIterations = 60,
    double InitialStep = 10.0,
    double InitialPenalty = 10.0,
    double? GapTolerance = null,
    int DualInterval = 20);
