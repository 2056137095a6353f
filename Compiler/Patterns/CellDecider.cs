using System.Numerics;

namespace ConicDsl.Compiler.Patterns;

/// <summary>
/// Decides exactly whether a cell {w : σ_k x_kᵀw &gt; 0, k &lt; count} of a <see cref="ReducedArrangement"/> is
/// nonempty. A floating-point <see cref="MarginLp"/> proposes the answer; only an exact certificate settles it:
/// <list type="bullet">
/// <item>nonempty: the LP's maximum-margin point, rounded to a coarse grid the margin allows (small integers keep later
/// sign tests cheap), or else taken as it is, whose every sign σ_k x_kᵀw is checked exactly
/// (<see cref="ExactArithmetic.SignOfDot"/>); the point becomes the cell's witness;</item>
/// <item>empty: the LP dual's support, turned into a Gordan vector in BigInteger (<see cref="GordanCertificate"/>).</item>
/// </list>
/// When neither certificate holds (a cell thinner than the LP's rounding, or an LP that stalls), the cell goes to Z3
/// (<see cref="Z3CellOracle"/>) and is counted as a fallback.
/// </summary>
internal sealed class CellDecider : IDisposable
{
    private const double SupportThreshold = 1e-9;

    private readonly ReducedArrangement _arrangement;
    private readonly double[][] _unitRows;
    private readonly MarginLp _lp;
    private readonly Z3CellOracle _z3;
    private readonly double[] _candidate;
    private readonly List<BigInteger[]> _columns = new();

    public CellDecider(ReducedArrangement arrangement, int? lpIterationCap = null)
    {
        _arrangement = arrangement;
        int r = arrangement.Rank;
        _unitRows = arrangement.Rows.Select(UnitLength).ToArray();
        _lp = new MarginLp(r, Math.Max(1, arrangement.Count), lpIterationCap);
        _z3 = new Z3CellOracle(arrangement.IntegerRows);
        _candidate = new double[r];
    }

    public long LpSolves { get; private set; }
    public long PointCertificates { get; private set; }
    public long GordanCertificates { get; private set; }
    public long Z3Fallbacks { get; private set; }
    public long Z3Checks => _z3.Checks;

    /// <summary>A point strictly inside the cell (exact doubles), or null when the cell is empty.</summary>
    public CellPoint? Decide(ReadOnlySpan<sbyte> signs, int count)
    {
        LpSolves++;
        if (_lp.Solve(_unitRows, signs, count, start: count - 1))
        {
            if (_lp.Margin > 0 && TryInteriorPoint(signs, count) is { } point)
            {
                PointCertificates++;
                return point;
            }
            if (TryGordan(signs))
            {
                GordanCertificates++;
                return null;
            }
        }
        Z3Fallbacks++;
        return _z3.Decide(signs, count) is { } exact ? FromIntegerPoint(exact, signs, count) : null;
    }

    /// <summary>True when x_kᵀw has the sign σ_k for every k &lt; count, decided exactly.</summary>
    public bool IsInside(ReadOnlySpan<double> w, ReadOnlySpan<sbyte> signs, int count)
    {
        var rows = _arrangement.Rows;
        // The newest constraint first: it is the one the LP was asked about, so a bad point fails fastest there.
        for (int k = count - 1; k >= 0; k--)
            if (ExactArithmetic.SignOfDot(rows[k], w) != signs[k]) return false;
        return true;
    }

    private CellPoint? TryInteriorPoint(ReadOnlySpan<sbyte> signs, int count)
    {
        var w = _lp.Point;
        // Rounding each coordinate of w (max-norm ≤ 1) to the grid 2^-p moves every unit row's product by at most
        // √r·2^-(p+1), which stays under the margin τ when 2^p ≥ √r/τ; one extra bit of room.
        double bits = Math.Ceiling(Math.Log2(Math.Sqrt(w.Length) / _lp.Margin)) + 1;
        int p = (int)Math.Clamp(double.IsFinite(bits) ? bits : 52, 0, 52);
        double scale = Math.ScaleB(1.0, p);
        for (int j = 0; j < w.Length; j++) _candidate[j] = Math.Round(w[j] * scale);
        if (IsInside(_candidate, signs, count)) return CellPoint.Exact((double[])_candidate.Clone());
        if (IsInside(w, signs, count)) return CellPoint.Exact((double[])w.Clone());
        return null;
    }

    /// <summary>First the support without the LP's near-zero weights (rounding noise would enlarge the null space),
    /// then, if some were left out, the whole basis.</summary>
    private bool TryGordan(ReadOnlySpan<sbyte> signs) =>
        TryGordan(signs, SupportThreshold, out bool leftOut) || (leftOut && TryGordan(signs, -1, out _));

    private bool TryGordan(ReadOnlySpan<sbyte> signs, double threshold, out bool leftOut)
    {
        var support = _lp.Support;
        var weights = _lp.SupportWeights;
        double largest = 0;
        foreach (var y in weights) largest = Math.Max(largest, y);
        _columns.Clear();
        leftOut = false;
        for (int i = 0; i < support.Length; i++)
        {
            if (weights[i] <= threshold * largest) { leftOut = true; continue; }
            int k = support[i];
            var row = _arrangement.IntegerRows[k];
            _columns.Add(signs[k] > 0 ? row : row.Select(v => -v).ToArray());
        }
        return GordanCertificate.TryFind(_columns) is not null;
    }

    /// <summary>
    /// Z3's point as exact doubles when its integers fit in 53 bits; otherwise a rounded copy, used as a witness only
    /// if it is exactly inside (else the cell has a gate but no witness, and its children are decided without one).
    /// </summary>
    private CellPoint FromIntegerPoint(BigInteger[] point, ReadOnlySpan<sbyte> signs, int count)
    {
        var gate = ExactArithmetic.ToUnitScaledDoubles(point);
        if (point.All(v => BigInteger.Abs(v).GetBitLength() <= 53))
            return CellPoint.Exact(point.Select(v => (double)v).ToArray());
        return IsInside(gate, signs, count) ? CellPoint.Exact(gate) : new CellPoint(null, gate);
    }

    private static double[] UnitLength(double[] row)
    {
        double largest = row.Max(Math.Abs);
        var unit = row.Select(v => v / largest).ToArray();
        double norm = Math.Sqrt(unit.Sum(v => v * v));
        for (int j = 0; j < unit.Length; j++) unit[j] /= norm;
        return unit;
    }

    public void Dispose() => _z3.Dispose();
}

/// <summary>A point of a nonempty cell: <see cref="Witness"/> exactly inside it (null if none is known) and a gate for
/// the pattern set (the witness itself when there is one).</summary>
internal sealed record CellPoint(double[]? Witness, double[] Gate)
{
    public static CellPoint Exact(double[] w) => new(w, w);
}
