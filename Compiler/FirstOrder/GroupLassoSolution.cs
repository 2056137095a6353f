namespace ConicDsl.Compiler.FirstOrder;

/// <summary>
/// A first-order solution. <see cref="Theta"/> is d × B row-major: column i is u_i (gated) or, for ReLU, v_i for
/// i &lt; P and w_{i−P} after. Pass the whole record back as a warm start (regularization paths): the blocks,
/// offset, multipliers and penalty are reused.
/// </summary>
public sealed record GroupLassoSolution(
    double[] Theta, double Offset, double[]? Multipliers, double Penalty,
    double Objective, int Iterations, int OuterIterations, double Subgradient, double Violation, bool Converged,
    long Products, double ProductFlops, TimeSpan ProductTime, TimeSpan Elapsed, string Method)
{
    /// <summary>The blocks one after another (θ_0, θ_1, …, each d long) — the layout the recovery maps read.</summary>
    public double[] BlocksContiguous(int features)
    {
        int blocks = Theta.Length / features;
        var result = new double[Theta.Length];
        for (int l = 0; l < features; l++)
            for (int j = 0; j < blocks; j++)
                result[j * features + l] = Theta[l * blocks + j];
        return result;
    }

    /// <summary>Objective and violation along the way (<see cref="FirstOrderIterate"/>), for time-to-tolerance figures.</summary>
    public IReadOnlyList<FirstOrderIterate> History { get; init; } = [];

    /// <summary>The best certified lower bound on the optimum seen during the solve (<see cref="FirstOrder.DualBound"/>;
    /// the largest of the evaluations, so monotone along the history); NaN when unavailable (unpenalized hidden bias).</summary>
    public double DualBound { get; init; } = double.NaN;

    /// <summary>Achieved throughput of the matrix products, GFLOP/s.</summary>
    public double GemmGflops => ProductTime.TotalSeconds > 0 ? Products * ProductFlops / ProductTime.TotalSeconds / 1e9 : double.NaN;
}
