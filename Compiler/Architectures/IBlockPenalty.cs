using ConicDsl.Conic;

namespace ConicDsl.Compiler.Architectures;

/// <summary>The per-unit penalty N(θ) of math.md §1 (a norm or seminorm on the block's parameters).</summary>
public interface IBlockPenalty
{
    /// <summary>p, the length of θ.</summary>
    int Dimension { get; }

    /// <summary>Adds epigraph variables and cone rows so that the program's objective includes β·N(θ), where θ is
    /// the variables [first, first + p).</summary>
    void Emit(ConicProgramBuilder builder, string name, int first, double beta);

    /// <summary>N(θ) computed directly.</summary>
    double Evaluate(ReadOnlySpan<double> theta);
}
