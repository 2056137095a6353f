namespace ConicDsl.Backends;

/// <summary>The outcome of one solve (conventions.md "Results").</summary>
public enum SolveStatus
{
    Optimal,
    /// <summary>The solver stopped at a point whose recomputed residuals exceed the tolerance.</summary>
    Inaccurate,
    /// <summary>Primal infeasible: a certificate y ∈ K*, Aᵀy = 0, bᵀy &lt; 0 was found.</summary>
    Infeasible,
    /// <summary>Dual infeasible (unbounded below): a direction x with Px = 0, Ax + s = 0, s ∈ K, cᵀx &lt; 0.</summary>
    Unbounded,
    IterationLimit,
    TimeLimit,
    /// <summary>Stopped by the user (Ctrl-C, SIGINT, SIGTERM): native returns its best point so far, external
    /// backends have had their child process killed and reaped.</summary>
    Interrupted,
    NumericalError,
    Error,
}

public static class SolveStatusNames
{
    /// <summary>The snake_case name used in reports and JSON.</summary>
    public static string ToWire(this SolveStatus status) => status switch
    {
        SolveStatus.Optimal => "optimal",
        SolveStatus.Inaccurate => "inaccurate",
        SolveStatus.Infeasible => "infeasible",
        SolveStatus.Unbounded => "unbounded",
        SolveStatus.IterationLimit => "iteration_limit",
        SolveStatus.TimeLimit => "time_limit",
        SolveStatus.Interrupted => "interrupted",
        SolveStatus.NumericalError => "numerical_error",
        _ => "error",
    };
}
