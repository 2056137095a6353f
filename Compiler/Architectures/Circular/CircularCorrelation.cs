namespace ConicDsl.Compiler.Architectures.Circular;

/// <summary>
/// The layer the deep-learning frameworks call "conv", with wrap-around: circular CORRELATION
/// (c ⋆ x)_a = Σ_b c_b x_{(a+b) mod d}, per axis on a row-major d₁ × d₂ grid. Computed by its definition (no
/// transform), so running a recovered network forward does not reuse the Fourier algebra that built it.
/// ⟨w, c ⋆ x⟩ = ⟨c ⊛ w, x⟩ with ⊛ the circular convolution: that is why the effective vector of a unit is
/// v = c ⊛ w (math.md §5.1).
/// </summary>
public static class CircularCorrelation
{
    /// <summary>Adds c ⋆ x to <paramref name="output"/>.</summary>
    public static void Accumulate(ReadOnlySpan<double> filter, ReadOnlySpan<double> input, int rows, int columns, Span<double> output)
    {
        for (int a1 = 0; a1 < rows; a1++)
        for (int a2 = 0; a2 < columns; a2++)
        {
            double s = 0;
            for (int b1 = 0; b1 < rows; b1++)
            {
                int r = (a1 + b1) % rows;
                for (int b2 = 0; b2 < columns; b2++)
                    s += filter[b1 * columns + b2] * input[r * columns + (a2 + b2) % columns];
            }
            output[a1 * columns + a2] += s;
        }
    }
}
