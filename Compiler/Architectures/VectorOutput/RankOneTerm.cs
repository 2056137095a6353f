namespace ConicDsl.Compiler.Architectures.VectorOutput;

/// <summary>σ·a·bᵀ, one term of the SVD of a relaxation block Z_i (unit a ∈ R^d, b ∈ R^C), tagged with its pattern.</summary>
public sealed record RankOneTerm(int Pattern, double Sigma, double[] Left, double[] Right);
