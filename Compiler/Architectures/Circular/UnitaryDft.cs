using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace ConicDsl.Compiler.Architectures.Circular;

/// <summary>
/// F = F_{d₁} ⊗ F_{d₂} on row-major d₁ × d₂ grids, (F_m)_{ab} = e^{−2πi ab/m}/√m — math.md §5.1's unitary DFT.
/// MathNet's <see cref="FourierOptions.Default"/> is exactly this (negative forward exponent, 1/√m both ways).
/// </summary>
public static class UnitaryDft
{
    public static Complex[] Forward(ReadOnlySpan<double> values, int rows, int columns)
    {
        var z = new Complex[values.Length];
        for (int i = 0; i < z.Length; i++) z[i] = values[i];
        Transform(z, rows, columns, inverse: false);
        return z;
    }

    /// <summary>F^H ẑ; the imaginary parts are dropped, so ẑ must be conjugate-symmetric (a real signal's spectrum).</summary>
    public static double[] InverseReal(Complex[] spectrum, int rows, int columns)
    {
        var z = (Complex[])spectrum.Clone();
        Transform(z, rows, columns, inverse: true);
        return z.Select(c => c.Real).ToArray();
    }

    /// <summary>Separably, F_{d₂} on every row then F_{d₁} on every column (MathNet's managed provider has no
    /// multi-dimensional transform).</summary>
    private static void Transform(Complex[] z, int rows, int columns, bool inverse)
    {
        if (z.Length != rows * columns) throw new ArgumentException("length differs from the grid");
        var line = new Complex[columns];
        for (int r = 0; r < rows; r++)
        {
            Array.Copy(z, r * columns, line, 0, columns);
            OneDimensional(line, inverse);
            Array.Copy(line, 0, z, r * columns, columns);
        }
        if (rows == 1) return;
        line = new Complex[rows];
        for (int c = 0; c < columns; c++)
        {
            for (int r = 0; r < rows; r++) line[r] = z[r * columns + c];
            OneDimensional(line, inverse);
            for (int r = 0; r < rows; r++) z[r * columns + c] = line[r];
        }
    }

    private static void OneDimensional(Complex[] line, bool inverse)
    {
        if (inverse) Fourier.Inverse(line, FourierOptions.Default);
        else Fourier.Forward(line, FourierOptions.Default);
    }
}
