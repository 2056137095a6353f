namespace ConicDsl.Compiler.Architectures;

/// <summary>
/// One cone C_i of math.md §1 with the linear map that the network's unit computes on it: for θ ∈ C_i the unit's
/// output on the data is <see cref="Map"/>·θ (n × p), and C_i = { θ : <see cref="Membership"/>·θ ≥ 0 } (m × p).
/// </summary>
/// <param name="Pattern">Index of the pattern (in the model's <c>PatternSet</c>) this cone comes from.</param>
public sealed record ConeBlock(int Pattern, double[,] Map, double[,] Membership);
