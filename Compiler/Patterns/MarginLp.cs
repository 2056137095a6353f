namespace ConicDsl.Compiler.Patterns;

/// <summary>
/// The largest margin of a strict homogeneous system {w : σ_k b_kᵀw &gt; 0, k &lt; count} in floating point:
/// <c>max τ s.t. σ_k b_kᵀw ≥ τ, −1 ≤ w_j ≤ 1</c>, whose LP dual is <c>min ‖Σ_k y_k σ_k b_k‖₁ over y ≥ 0, Σ y_k = 1</c>.
/// The system is nonempty iff τ* &gt; 0; at τ* = 0 the dual's y is Gordan's alternative (y ≥ 0, y ≠ 0,
/// Σ y_k σ_k b_k = 0). Nothing decided here is trusted: the caller turns <see cref="Point"/> or
/// <see cref="Support"/> into an exact certificate, or falls back to Z3.
/// <para>
/// Solved as the dual in standard form (r + 1 rows: Σ_k y_k σ_k b_kj − p_j + q_j = 0 and Σ_k y_k = 1; columns y, p,
/// q ≥ 0, costs 0, 1, 1) by a dense primal simplex on a preallocated tableau: a feasible basis is known without a
/// phase 1 (one y_s = 1, each p_j or q_j taking |b_sj|), the tableau is tiny (r ≤ ~10 rows), and the primal's w is
/// read off the reduced costs of p (d_pj = 1 − w_j). Dantzig's rule, switching to Bland's after a run of degenerate
/// pivots so the method cannot cycle; deterministic and allocation-free per solve.
/// </para>
/// </summary>
internal sealed class MarginLp
{
    private const double CostTolerance = 1e-12;
    private const double PivotTolerance = 1e-11;

    private readonly int _variables;
    private readonly double[] _tableau;
    private readonly int[] _basis;
    private readonly int[] _supportRows;
    private readonly double[] _supportWeights;
    private readonly int? _iterationCap;
    private int _width;

    /// <param name="iterationCap">Pivots allowed per solve before giving up; null for the default 50 + 10·width
    /// (tests set it low to send cells to the fallback).</param>
    public MarginLp(int variables, int maxConstraints, int? iterationCap = null)
    {
        _iterationCap = iterationCap;
        _variables = variables;
        int maxWidth = maxConstraints + 2 * variables + 1;
        _tableau = new double[(variables + 2) * maxWidth];
        _basis = new int[variables + 1];
        _supportRows = new int[variables + 1];
        _supportWeights = new double[variables + 1];
        Point = new double[variables];
    }

    /// <summary>τ*, the optimal margin (≥ 0 up to rounding).</summary>
    public double Margin { get; private set; }

    /// <summary>The primal optimum w (max-norm ≤ 1), valid after a successful <see cref="Solve"/>.</summary>
    public double[] Point { get; }

    public int SupportSize { get; private set; }

    /// <summary>Constraint indices k of the dual's basic y (at most r + 1), with their weights.</summary>
    public ReadOnlySpan<int> Support => _supportRows.AsSpan(0, SupportSize);
    public ReadOnlySpan<double> SupportWeights => _supportWeights.AsSpan(0, SupportSize);

    /// <summary>
    /// Solves for the constraints k &lt; <paramref name="count"/>, rows <paramref name="rows"/>[k] (unit length) with
    /// signs <paramref name="signs"/>[k], starting from the basis y_<paramref name="start"/> = 1. False when the
    /// iteration cap is reached (numerical trouble); the caller then decides otherwise.
    /// </summary>
    public bool Solve(double[][] rows, ReadOnlySpan<sbyte> signs, int count, int start)
    {
        int r = _variables;
        _width = count + 2 * r + 1;
        int w = _width, rhs = w - 1;
        var t = _tableau;
        Array.Clear(t, 0, (r + 2) * w);
        for (int k = 0; k < count; k++)
        {
            double sign = signs[k];
            var row = rows[k];
            for (int j = 0; j < r; j++) t[j * w + k] = sign * row[j];
            t[r * w + k] = 1;
        }
        for (int j = 0; j < r; j++)
        {
            t[j * w + count + j] = -1;
            t[j * w + count + r + j] = 1;
            t[(r + 1) * w + count + j] = 1;
            t[(r + 1) * w + count + r + j] = 1;
        }
        t[r * w + rhs] = 1;

        Pivot(r, start);
        for (int j = 0; j < r; j++)
            Pivot(j, t[j * w + rhs] >= 0 ? count + r + j : count + j);

        int objective = (r + 1) * w;
        int iterations = 0, degenerate = 0, cap = _iterationCap ?? 50 + 10 * w;
        while (true)
        {
            bool bland = degenerate > 2 * (r + 1);
            int entering = -1;
            double best = -CostTolerance;
            for (int c = 0; c < rhs; c++)
            {
                double d = t[objective + c];
                if (d < best)
                {
                    entering = c;
                    if (bland) break;
                    best = d;
                }
            }
            if (entering < 0) break;
            if (++iterations > cap) return false;

            int leaving = -1;
            double ratio = double.PositiveInfinity;
            for (int i = 0; i <= r; i++)
            {
                double a = t[i * w + entering];
                if (a <= PivotTolerance) continue;
                double q = Math.Max(0, t[i * w + rhs]) / a;
                if (q < ratio || (q == ratio && leaving >= 0 && _basis[i] < _basis[leaving]))
                {
                    ratio = q;
                    leaving = i;
                }
            }
            // The objective is bounded below by 0, so an unbounded ray means the tableau has lost accuracy.
            if (leaving < 0) return false;
            degenerate = ratio == 0 ? degenerate + 1 : 0;
            Pivot(leaving, entering);
        }

        Margin = -t[objective + rhs];
        for (int j = 0; j < r; j++) Point[j] = 1 - t[objective + count + j];
        SupportSize = 0;
        for (int i = 0; i <= r; i++)
        {
            if (_basis[i] >= count) continue;
            _supportRows[SupportSize] = _basis[i];
            _supportWeights[SupportSize] = t[i * w + rhs];
            SupportSize++;
        }
        return true;
    }

    /// <summary>Gauss–Jordan pivot on (row, column), the objective row included.</summary>
    private void Pivot(int row, int column)
    {
        int w = _width;
        var t = _tableau;
        int p = row * w;
        double inverse = 1 / t[p + column];
        for (int c = 0; c < w; c++) t[p + c] *= inverse;
        t[p + column] = 1;
        for (int i = 0; i <= _variables + 1; i++)
        {
            if (i == row) continue;
            int o = i * w;
            double factor = t[o + column];
            if (factor == 0) continue;
            for (int c = 0; c < w; c++) t[o + c] -= factor * t[p + c];
            t[o + column] = 0;
        }
        _basis[row] = column;
    }
}
