namespace ConicDsl.Compiler.FirstOrder;

/// <summary>
/// A certified lower bound on the optimum of a <see cref="GroupLassoProblem"/> from a primal point (docs/solver.md,
/// "Certified duality gap"). The Lagrange dual of both programs is
/// <code>
/// maximize −½‖λ‖² − λᵀy   s.t.  ‖X̃ᵀ(c_j D_j λ − S_j μ_j)‖ ≤ β for every block j,  μ_j ≥ 0  (ReLU only),  1ᵀλ = 0 (free b₀ only)
/// </code>
/// (c_j = +1 for the u's and v's, −1 for the w's; S_j = 2D_j − I). Any feasible point gives a value ≤ the optimum
/// (weak duality). The candidate is the residual λ = ŷ − y (the optimal dual point is the optimal residual), centred
/// when b₀ is free, with the augmented Lagrangian's multipliers as μ; the constraints are homogeneous in (λ, μ), so
/// scaling both by s ∈ [0, β / max_j ‖X̃ᵀ(…)_j‖] keeps them feasible, and s maximizes the concave quadratic
/// −½s²‖λ‖² − s λᵀy there (closed form, clipped). One n×d×B product per evaluation.
/// An unpenalized coordinate (hidden bias, PenalizedColumns &lt; Features) needs that coordinate of every X̃ᵀ(…)_j to
/// be zero. With multipliers (ReLU) and a constant bias column this is made exact per block by raising μ_j uniformly on
/// the samples whose sign in S_j is that of the excess (μ stays ≥ 0; <see cref="ZeroBiasCoordinate"/>); without
/// multipliers (gated), or with another unpenalized column, there is no such freedom: no bound then (NaN).
/// </summary>
public sealed class DualBound
{
    // Relative margin on the scale: the block norms come out of a floating-point GEMM, whose error is far below this
    // at the sizes we solve (docs/solver.md says what rounding can still do).
    private const double RoundingMargin = 1e-10;

    private readonly GroupLassoProblem _problem;
    private readonly MaskedGroupOperator _operator;
    private readonly double[] _lambda;
    private readonly double[] _adjoint;
    private readonly bool _correctBias;
    private double[]? _image;
    private int[]? _activeCounts;

    public DualBound(GroupLassoProblem problem, MaskedGroupOperator op)
    {
        _problem = problem;
        _operator = op;
        Available = problem.PenalizedColumns == problem.Features || (problem.Constrained && ConstantLastColumn(problem));
        _correctBias = problem.PenalizedColumns < problem.Features;
        _lambda = Available ? new double[problem.Samples] : [];
        _adjoint = Available ? new double[problem.Features * problem.Blocks] : [];
    }

    /// <summary>False with an unpenalized coordinate: every evaluation is NaN.</summary>
    public bool Available { get; }

    /// <summary>The best (largest) bound evaluated so far; NaN before the first or when unavailable.</summary>
    public double Best { get; private set; } = double.NaN;

    /// <summary>Matrix products spent on bounds (each 2·n·d·B flops), for the solver's throughput figures.</summary>
    public long Products { get; private set; }

    /// <summary>The bound at x (blocks, then b₀ if free), mapped into a buffer of its own (one more n × B array,
    /// allocated on first use) so the caller's images stay intact: two products.</summary>
    public double EvaluateAt(double[] x)
    {
        if (!Available) return double.NaN;
        _image ??= new double[(long)_problem.Samples * _problem.Blocks];
        _operator.Products(x, _image);
        Products++;
        return Evaluate(_image, _problem.FreeOutputOffset ? x[_problem.Features * _problem.Blocks] : 0.0, null, 0.0);
    }

    /// <summary>The bound from an image Z = X̃Θ, which is overwritten (by the dual weights). With multipliers γ the
    /// μ used is (γ − <paramref name="pendingPenalty"/>·S Z)_+: pass the penalty δ when γ has not yet had the update the
    /// augmented Lagrangian would apply at this point, 0 when it has.</summary>
    public double Evaluate(double[] image, double offset, double[]? multipliers, double pendingPenalty)
    {
        if (!Available) return double.NaN;
        int n = _problem.Samples, p = _problem.Patterns, b = _problem.Blocks;
        var masks = _problem.Masks;
        var y = _problem.Targets;
        var lambda = _lambda;
        double sum = RowRanges.SumBlocks(n, (first, end) =>
        {
            double partial = 0;
            for (int s = first; s < end; s++)
            {
                var row = image.AsSpan(s * b, b);
                var mask = masks.AsSpan(s * p, p);
                double prediction = offset;
                for (int j = 0; j < b; j++)
                {
                    int i = j < p ? j : j - p;
                    if (mask[i] != 0) prediction += j < p ? row[j] : -row[j];
                }
                lambda[s] = prediction - y[s];
                partial += lambda[s];
            }
            return (partial, 0);
        }).First;
        // A free b₀ makes the dual require 1ᵀλ = 0: the centred residual is the nearest such λ.
        double mean = _problem.FreeOutputOffset ? sum / n : 0.0;
        var (squares, alignment) = RowRanges.SumBlocks(n, (first, end) =>
        {
            double a = 0, c = 0;
            for (int s = first; s < end; s++)
            {
                double l = lambda[s] - mean;
                a += l * l;
                c += l * y[s];
                var row = image.AsSpan(s * b, b);
                var mask = masks.AsSpan(s * p, p);
                var gamma = multipliers is null ? default : multipliers.AsSpan(s * b, b);
                for (int j = 0; j < b; j++)
                {
                    int i = j < p ? j : j - p;
                    double m = mask[i];
                    double weight = (j < p ? m : -m) * l;
                    if (multipliers is not null)
                    {
                        double sign = 2 * m - 1;
                        weight -= sign * Math.Max(0.0, gamma[j] - pendingPenalty * sign * row[j]);
                    }
                    row[j] = weight;
                }
            }
            return (a, c);
        });
        if (_correctBias && !ZeroBiasCoordinate(image, mean, multipliers is not null)) return double.NaN;
        _operator.Adjoint(image, _adjoint);
        Products++;
        double largest = 0;
        int d = _problem.PenalizedColumns;
        for (int j = 0; j < b; j++)
        {
            double norm = 0;
            for (int l = 0; l < d; l++) norm += _adjoint[l * b + j] * _adjoint[l * b + j];
            largest = Math.Max(largest, Math.Sqrt(norm));
        }
        double bound = ScaledValue(squares, alignment, _problem.Beta, largest);
        if (double.IsNaN(Best) || bound > Best) Best = bound;
        return bound;
    }

    private static bool ConstantLastColumn(GroupLassoProblem problem)
    {
        if (problem.PenalizedColumns != problem.Features - 1) return false;
        int d = problem.Features;
        double first = problem.Design[d - 1];
        if (first == 0) return false;
        for (int s = 1; s < problem.Samples; s++)
            if (problem.Design[s * d + d - 1] != first) return false;
        return true;
    }

    /// <summary>Makes Σ_s W[s, j] = 0 for every block (the constant bias column's coordinate of X̃ᵀW) by raising μ_j by
    /// e_j / n₊ on the active samples (S = +1) when the column sum e_j is positive, by −e_j / n₋ on the inactive ones
    /// when negative. A block with no sample of the needed sign (all active or all inactive) drops its μ instead: its
    /// weights are then c_j D_j λ, whose sum is c_j·1ᵀλ (centred: zero) or 0. False when neither works.</summary>
    private bool ZeroBiasCoordinate(double[] weights, double mean, bool multipliers)
    {
        int n = _problem.Samples, p = _problem.Patterns, b = _problem.Blocks;
        var masks = _problem.Masks;
        var counts = _activeCounts ??= ActiveCounts();
        var sums = new double[b];
        var gate = new object();
        RowRanges.SumBlocks(n, (first, end) =>
        {
            var partial = new double[b];
            for (int s = first; s < end; s++)
            {
                var row = weights.AsSpan(s * b, b);
                for (int j = 0; j < b; j++) partial[j] += row[j];
            }
            lock (gate)
                for (int j = 0; j < b; j++) sums[j] += partial[j];
            return (0, 0);
        });
        var raiseActive = new double[b];
        var raiseInactive = new double[b];
        var drop = new bool[b];
        for (int j = 0; j < b; j++)
        {
            int active = counts[j < p ? j : j - p], inactive = n - active;
            if (sums[j] > 0 && active > 0) raiseActive[j] = sums[j] / active;
            else if (sums[j] < 0 && inactive > 0) raiseInactive[j] = -sums[j] / inactive;
            else if (sums[j] != 0)
            {
                if (!multipliers || (active > 0 && !_problem.FreeOutputOffset)) return false;
                drop[j] = true;
            }
        }
        var lambda = _lambda;
        RowRanges.For(n, s =>
        {
            var row = weights.AsSpan(s * b, b);
            var mask = masks.AsSpan(s * p, p);
            double l = lambda[s] - mean;
            for (int j = 0; j < b; j++)
            {
                double m = mask[j < p ? j : j - p];
                if (drop[j]) row[j] = (j < p ? m : -m) * l;
                else row[j] -= m != 0 ? raiseActive[j] : -raiseInactive[j];
            }
        });
        return true;
    }

    private int[] ActiveCounts()
    {
        int n = _problem.Samples, p = _problem.Patterns;
        var counts = new int[p];
        for (int s = 0; s < n; s++)
            for (int i = 0; i < p; i++) counts[i] += _problem.Masks[s * p + i];
        return counts;
    }

    /// <summary>max over s ∈ [0, β / largest] of −½s²‖λ‖² − s λᵀy (0 at s = 0, so never negative).</summary>
    public static double ScaledValue(double squares, double alignment, double beta, double largest)
    {
        if (!double.IsFinite(squares) || !double.IsFinite(alignment) || !double.IsFinite(largest)) return double.NaN;
        if (squares == 0) return 0.0;
        double limit = largest > 0 ? beta / largest * (1 - RoundingMargin) : double.PositiveInfinity;
        double s = Math.Clamp(-alignment / squares, 0.0, limit);
        return s == 0 ? 0.0 : -0.5 * s * s * squares - s * alignment;
    }
}
