using System.Numerics;

namespace ConicDsl.Compiler.Patterns;

/// <summary>
/// Exact arithmetic on the double values the user gave. A finite double is exactly m·2^e with an integer m,
/// so every decision about hyperplanes (zero rows, parallel rows, rank, signs) can be made without rounding:
/// the arrangement is the one of those exact binary fractions.
/// </summary>
public static class ExactArithmetic
{
    /// <summary>Writes a finite double as mantissa·2^exponent with an odd mantissa (or 0·2^0).</summary>
    public static (BigInteger Mantissa, int Exponent) Decompose(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"not a finite number: {value}");
        if (value == 0) return (BigInteger.Zero, 0);
        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int rawExponent = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xF_FFFF_FFFF_FFFFL;
        long mantissa;
        int exponent;
        if (rawExponent == 0) { mantissa = fraction; exponent = -1074; }           // subnormal
        else { mantissa = fraction | (1L << 52); exponent = rawExponent - 1075; }
        int shift = BitOperations.TrailingZeroCount(mantissa);
        mantissa >>= shift;
        exponent += shift;
        return (negative ? -mantissa : mantissa, exponent);
    }

    /// <summary>The exact value of a double as a "p/q" (or "p") string, as Z3_mk_numeral accepts it.</summary>
    public static string ToRationalString(double value)
    {
        var (m, e) = Decompose(value);
        if (e >= 0) return (m << e).ToString();
        return $"{m}/{BigInteger.One << -e}";
    }

    /// <summary>
    /// A positive multiple of the row with coprime integer entries. Positive scaling keeps every sign
    /// xᵀw, so the integer row defines the same half-spaces and lets Z3 and the witness checks stay integral.
    /// </summary>
    public static BigInteger[] ToPrimitiveIntegers(ReadOnlySpan<double> row)
    {
        var parts = new (BigInteger M, int E)[row.Length];
        int minExponent = int.MaxValue;
        for (int j = 0; j < row.Length; j++)
        {
            parts[j] = Decompose(row[j]);
            if (!parts[j].M.IsZero) minExponent = Math.Min(minExponent, parts[j].E);
        }
        var result = new BigInteger[row.Length];
        if (minExponent == int.MaxValue) return result;
        BigInteger gcd = BigInteger.Zero;
        for (int j = 0; j < row.Length; j++)
        {
            result[j] = parts[j].M.IsZero ? BigInteger.Zero : parts[j].M << (parts[j].E - minExponent);
            gcd = BigInteger.GreatestCommonDivisor(gcd, result[j]);
        }
        if (!gcd.IsOne)
            for (int j = 0; j < row.Length; j++) result[j] /= gcd;
        return result;
    }

    /// <summary>Divides by the gcd of the entries (a positive scaling, so signs of dot products are kept).</summary>
    public static void MakePrimitive(BigInteger[] v)
    {
        BigInteger gcd = BigInteger.Zero;
        foreach (var x in v) gcd = BigInteger.GreatestCommonDivisor(gcd, x);
        if (gcd.IsZero || gcd.IsOne) return;
        for (int j = 0; j < v.Length; j++) v[j] /= gcd;
    }

    public static BigInteger Dot(BigInteger[] a, BigInteger[] b)
    {
        BigInteger s = BigInteger.Zero;
        for (int j = 0; j < a.Length; j++)
            if (!a[j].IsZero && !b[j].IsZero) s += a[j] * b[j];
        return s;
    }

    /// <summary>
    /// Columns of an independent set spanning the column space, by fraction-free (Bareiss) elimination, so the
    /// answer is exact for integer input. Every intermediate entry is a minor of the input, so the divisions
    /// are exact even when dependent columns are skipped.
    /// </summary>
    public static int[] PivotColumns(IReadOnlyList<BigInteger[]> rows, int columns)
    {
        int n = rows.Count;
        var a = new BigInteger[n][];
        for (int i = 0; i < n; i++) a[i] = (BigInteger[])rows[i].Clone();
        var pivots = new List<int>();
        BigInteger previous = BigInteger.One;
        int rank = 0;
        for (int col = 0; col < columns && rank < n; col++)
        {
            int p = -1;
            for (int i = rank; i < n; i++) if (!a[i][col].IsZero) { p = i; break; }
            if (p < 0) continue;
            (a[p], a[rank]) = (a[rank], a[p]);
            var pivotRow = a[rank];
            var pivot = pivotRow[col];
            for (int i = rank + 1; i < n; i++)
            {
                var row = a[i];
                var factor = row[col];
                for (int j = col + 1; j < columns; j++)
                    row[j] = (pivot * row[j] - factor * pivotRow[j]) / previous;
                row[col] = BigInteger.Zero;
            }
            previous = pivot;
            pivots.Add(col);
            rank++;
        }
        return pivots.ToArray();
    }

    /// <summary>Converts an integer vector to doubles scaled so the largest entry has magnitude 1.</summary>
    public static double[] ToUnitScaledDoubles(BigInteger[] v)
    {
        long maxBits = 0;
        foreach (var x in v) maxBits = Math.Max(maxBits, (long)BigInteger.Abs(x).GetBitLength());
        int shift = (int)Math.Max(0, maxBits - 62);
        var result = new double[v.Length];
        double max = 0;
        for (int j = 0; j < v.Length; j++)
        {
            result[j] = (double)(shift > 0 ? v[j] >> shift : v[j]);
            max = Math.Max(max, Math.Abs(result[j]));
        }
        if (max > 0) for (int j = 0; j < v.Length; j++) result[j] /= max;
        return result;
    }

    /// <summary>Scales an exact rational point by the lcm of its denominators (positive), then by 1/gcd.</summary>
    public static BigInteger[] IntegerPoint((BigInteger Numerator, BigInteger Denominator)[] values)
    {
        BigInteger lcm = BigInteger.One;
        foreach (var (_, q) in values) lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, q) * q;
        var point = new BigInteger[values.Length];
        for (int j = 0; j < values.Length; j++) point[j] = values[j].Numerator * (lcm / values[j].Denominator);
        MakePrimitive(point);
        return point;
    }

    /// <summary>
    /// The exact sign of Σ_j a_j·b_j for finite doubles. A static error bound decides almost every call in doubles:
    /// recursive summation of r products is off by at most γ_r·Σ|a_j b_j| with γ_r = r·u/(1 − r·u), u = 2⁻⁵³
    /// (Higham, Accuracy and Stability, §3.1), and the bound used here, (r + 1)·2⁻⁵²·fl(Σ|a_j b_j|), exceeds that
    /// even after the rounding of the computed absolute sum. Sums near underflow or overflow, where the bound does not
    /// hold (a product that underflowed to 0 included), and sums inside the bound are decided in BigInteger.
    /// </summary>
    public static int SignOfDot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0, magnitude = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double product = a[j] * b[j];
            sum += product;
            magnitude += Math.Abs(product);
        }
        const double Tiny = 1e-280, Huge = 1e280;
        if (magnitude > Tiny && magnitude < Huge)
        {
            double bound = (a.Length + 1) * (1.0 / (1L << 52)) * magnitude;
            if (sum > bound) return 1;
            if (sum < -bound) return -1;
        }
        return ExactDot(a, b).Sign;
    }

    /// <summary>Σ_j a_j·b_j exactly, as an integer multiple of a power of two (the multiple is returned).</summary>
    private static BigInteger ExactDot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Span<int> exponents = stackalloc int[a.Length];
        var mantissas = new BigInteger[a.Length];
        int lowest = int.MaxValue;
        for (int j = 0; j < a.Length; j++)
        {
            var (ma, ea) = Decompose(a[j]);
            var (mb, eb) = Decompose(b[j]);
            mantissas[j] = ma * mb;
            exponents[j] = ea + eb;
            if (!mantissas[j].IsZero) lowest = Math.Min(lowest, exponents[j]);
        }
        BigInteger total = BigInteger.Zero;
        for (int j = 0; j < a.Length; j++)
            if (!mantissas[j].IsZero) total += mantissas[j] << (exponents[j] - lowest);
        return total;
    }

    /// <summary>The determinant of a square integer matrix by fraction-free (Bareiss) elimination, exactly.</summary>
    public static BigInteger Determinant(BigInteger[][] matrix)
    {
        int n = matrix.Length;
        if (n == 0) return BigInteger.One;
        var a = new BigInteger[n][];
        for (int i = 0; i < n; i++) a[i] = (BigInteger[])matrix[i].Clone();
        BigInteger previous = BigInteger.One;
        int sign = 1;
        for (int k = 0; k < n - 1; k++)
        {
            if (a[k][k].IsZero)
            {
                int p = k + 1;
                while (p < n && a[p][k].IsZero) p++;
                if (p == n) return BigInteger.Zero;
                (a[p], a[k]) = (a[k], a[p]);
                sign = -sign;
            }
            for (int i = k + 1; i < n; i++)
            {
                for (int j = k + 1; j < n; j++)
                    a[i][j] = (a[k][k] * a[i][j] - a[i][k] * a[k][j]) / previous;
                a[i][k] = BigInteger.Zero;
            }
            previous = a[k][k];
        }
        return sign * a[n - 1][n - 1];
    }
}
