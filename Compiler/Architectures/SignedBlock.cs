namespace ConicDsl.Compiler.Architectures;

/// <summary>A nonzero block of a §1 solution: θ = v_i (<see cref="Sign"/> +1) or w_i (−1) of cone
/// <see cref="Cone"/> (an index into the lowering's block list), with its penalty N(θ).</summary>
public sealed record SignedBlock(int Cone, double Sign, double[] Theta, double Penalty);
