using System.Numerics;

namespace ConicDsl.Compiler.Patterns;

/// <summary>
/// The hyperplanes an exact enumerator works on (math.md §3.4): zero rows dropped and parallel / anti-parallel rows
/// merged (<see cref="ArrangementAnalysis"/>), the columns restricted to r exactly independent ones (Bareiss), so that
/// {X̃u} = {X̃_S w} and the regions correspond one to one while the search runs in r variables.
/// <para>
/// Each reduced row is kept twice, as the user's doubles and as its primitive integer multiple. The two are positive
/// multiples of each other, so every sign xᵀw is the same in both: the doubles feed floating-point filters and LPs,
/// the integers feed exact certificates and Z3.
/// </para>
/// </summary>
internal sealed class ReducedArrangement
{
    private ReducedArrangement(ArrangementAnalysis analysis, int[] pivots, double[][] rows, BigInteger[][] integerRows)
    {
        Analysis = analysis;
        Pivots = pivots;
        Rows = rows;
        IntegerRows = integerRows;
    }

    public ArrangementAnalysis Analysis { get; }

    /// <summary>The r columns of X̃ kept (ascending); their count is the exact rank of the reduced rows.</summary>
    public int[] Pivots { get; }

    public int Rank => Pivots.Length;
    public int Count => Rows.Length;

    /// <summary>Reduced row k on the pivot columns, exactly the user's values.</summary>
    public double[][] Rows { get; }

    /// <summary>Reduced row k on the pivot columns as coprime integers, a positive multiple of <see cref="Rows"/>[k].</summary>
    public BigInteger[][] IntegerRows { get; }

    public static ReducedArrangement From(double[,] xTilde, ArrangementAnalysis analysis)
    {
        int d = analysis.Dimension, m = analysis.ReducedRowCount;
        var fullRows = new BigInteger[m][];
        for (int k = 0; k < m; k++)
        {
            var row = new double[d];
            for (int j = 0; j < d; j++) row[j] = xTilde[analysis.Representatives[k], j];
            fullRows[k] = ExactArithmetic.ToPrimitiveIntegers(row);
        }
        int[] pivots = ExactArithmetic.PivotColumns(fullRows, d);
        var rows = new double[m][];
        var integerRows = new BigInteger[m][];
        for (int k = 0; k < m; k++)
        {
            rows[k] = pivots.Select(j => xTilde[analysis.Representatives[k], j]).ToArray();
            integerRows[k] = pivots.Select(j => fullRows[k][j]).ToArray();
            ExactArithmetic.MakePrimitive(integerRows[k]);
        }
        return new ReducedArrangement(analysis, pivots, rows, integerRows);
    }
}
