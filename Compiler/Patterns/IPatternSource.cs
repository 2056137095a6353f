namespace ConicDsl.Compiler.Patterns;

/// <summary>Produces the pattern set of X̃ (rows = samples, bias column already appended if the model has one).</summary>
public interface IPatternSource
{
    PatternSet Build(double[,] xTilde, CancellationToken ct = default);
}
