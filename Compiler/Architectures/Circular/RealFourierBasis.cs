namespace ConicDsl.Compiler.Architectures.Circular;

/// <summary>One class {q, −q} of the frequency grid: <see cref="Columns"/> are its columns of Q (one when q is
/// self-conjugate, cosine then sine otherwise).</summary>
/// <param name="Row">q₁ (0 for signals).</param>
/// <param name="Column">q₂ (q for signals).</param>
public sealed record FrequencyClass(int Row, int Column, bool SelfConjugate, int[] Columns)
{
    /// <summary>"q" for signals, "(q1,q2)" for images.</summary>
    public string Label(bool image) => image ? $"({Row},{Column})" : Column.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// The orthonormal real Fourier basis Q of math.md §5.3 for a circular signal of length d (rows = 1) or a circular
/// image d₁ × d₂ stored row-major (index a₁·d₂ + a₂). The DFT is the UNITARY one, F = F_{d₁} ⊗ F_{d₂} with
/// (F_m)_{ab} = e^{−2πi ab/m}/√m; every constant of the spectral programs depends on that choice (math.md §5.1).
/// For v = Qρ the class {q, −q} carries (Fv)_q = (ρ_cos − iρ_sin)/√2 when q ≠ −q and (Fv)_q = ρ_q when q is
/// self-conjugate, so |(Fv)_q| + |(Fv)_{−q}| = √2·‖ρ_class‖ — the weights √2 and 1 of the spectral gauge.
/// </summary>
public sealed class RealFourierBasis
{
    private readonly double[,] _q;

    private RealFourierBasis(int rows, int columns, double[,] q, IReadOnlyList<FrequencyClass> classes)
    {
        Rows = rows;
        ColumnsPerRow = columns;
        _q = q;
        Classes = classes;
    }

    public int Rows { get; }
    public int ColumnsPerRow { get; }

    /// <summary>d = d₁·d₂.</summary>
    public int Length => Rows * ColumnsPerRow;

    /// <summary>Frequency classes, ordered by the row-major index of their representative (the smaller of q, −q).</summary>
    public IReadOnlyList<FrequencyClass> Classes { get; }

    /// <summary>Q[a, j]: position a of basis vector j.</summary>
    public double this[int position, int column] => _q[position, column];

    public static RealFourierBasis Create(int rows, int columns)
    {
        if (rows < 1 || columns < 1) throw new ArgumentOutOfRangeException(nameof(rows), "the grid must be non-empty");
        int d = rows * columns;
        var q = new double[d, d];
        var classes = new List<FrequencyClass>();
        int next = 0;
        for (int q1 = 0; q1 < rows; q1++)
        for (int q2 = 0; q2 < columns; q2++)
        {
            int m1 = (rows - q1) % rows, m2 = (columns - q2) % columns;
            int index = q1 * columns + q2, mirror = m1 * columns + m2;
            if (mirror < index) continue;
            bool self = mirror == index;
            var cols = self ? new[] { next } : new[] { next, next + 1 };
            double scale = self ? 1 / Math.Sqrt(d) : Math.Sqrt(2.0 / d);
            for (int a1 = 0; a1 < rows; a1++)
            for (int a2 = 0; a2 < columns; a2++)
            {
                // Reduce the phase's numerator mod d₁d₂ before dividing, so self-conjugate columns are exactly ±1/√d.
                long turns = ((long)q1 * a1 * columns + (long)q2 * a2 * rows) % d;
                double angle = 2 * Math.PI * turns / d;
                q[a1 * columns + a2, next] = scale * Math.Cos(angle);
                if (!self) q[a1 * columns + a2, next + 1] = scale * Math.Sin(angle);
            }
            classes.Add(new FrequencyClass(q1, q2, self, cols));
            next += cols.Length;
        }
        return new RealFourierBasis(rows, columns, q, classes);
    }

    /// <summary>v = Qρ for one channel.</summary>
    public double[] Synthesize(ReadOnlySpan<double> rho)
    {
        int d = Length;
        var v = new double[d];
        for (int a = 0; a < d; a++)
        {
            double s = 0;
            for (int j = 0; j < d; j++) s += _q[a, j] * rho[j];
            v[a] = s;
        }
        return v;
    }

    /// <summary>M·Q for a matrix M with d columns (e.g. the data X, one channel's block of columns).</summary>
    public void MultiplyRight(double[,] m, int firstColumn, double[,] result, int firstResultColumn)
    {
        int rowsM = m.GetLength(0), d = Length;
        for (int r = 0; r < rowsM; r++)
        for (int j = 0; j < d; j++)
        {
            double s = 0;
            for (int a = 0; a < d; a++) s += m[r, firstColumn + a] * _q[a, j];
            result[r, firstResultColumn + j] = s;
        }
    }
}
