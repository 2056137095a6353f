using System.Numerics;

namespace ConicDsl.Compiler.FirstOrder;

/// <summary>
/// f(Θ, b₀) = ½‖ŷ − y‖² with ŷ = Σ_j c_j D_j X̃ θ_j (+ b₀), plus — for the ReLU program under the augmented Lagrangian
/// (math.md §11.3) — (δ/2) Σ_j ‖(γ_j/δ − S_j X̃ θ_j)_+‖² with S_j = 2D_j − I.
/// f depends on Θ only through its image Z = X̃Θ (n × B), so the solver keeps images instead of recomputing them:
/// the image of an extrapolated point is the same extrapolation of the images (linearity), and one iteration costs
/// two products (X̃x⁺ for the trial point, X̃ᵀR for the gradient) instead of four. Every elementwise step over an
/// image is one fused pass per row: the row's prediction, residual, penalty and gradient weights together, with
/// the byte masks read once.
/// </summary>
public sealed class GroupLassoSmoothPart
{
    private readonly GroupLassoProblem _problem;
    private readonly MaskedGroupOperator _operator;
    private readonly int _n, _p, _b;

    public GroupLassoSmoothPart(GroupLassoProblem problem, MaskedGroupOperator op)
    {
        _problem = problem;
        _operator = op;
        _n = problem.Samples;
        _p = problem.Patterns;
        _b = problem.Blocks;
        long size = (long)_n * _b;
        if (size > Array.MaxLength) throw new ArgumentException("n × blocks exceeds the largest array");
        // The only two n × B work arrays of the solver (the multipliers are the third, ReLU only).
        Images = (new double[size], new double[size]);
        Length = problem.Features * _b + (problem.FreeOutputOffset ? 1 : 0);
    }

    public int Length { get; }

    /// <summary>Two n × B buffers, lent to the iteration for the images of its points (RestartedFista swaps them).</summary>
    public (double[] First, double[] Second) Images { get; }

    /// <summary>Multipliers γ (n × B, row-major like Z), null for the unconstrained (gated) program and for
    /// evaluating the plain objective.</summary>
    public double[]? Multipliers { get; set; }

    public double Penalty { get; set; } = 1.0;

    /// <summary>Matrix products performed so far (each 2·n·d·B flops).</summary>
    public long Products { get; private set; }

    private double Offset(double[] x) => _problem.FreeOutputOffset ? x[Length - 1] : 0.0;

    /// <summary>image = X̃Θ for the blocks of x (one product).</summary>
    public void Map(double[] x, double[] image)
    {
        _operator.Products(x, image);
        Products++;
    }

    /// <summary>f at x, from its image.</summary>
    public double Value(double[] image, double[] x) => Pass(image, Offset(x), weights: false).Value;

    /// <summary>f at x and ∇f into <paramref name="gradient"/>; the image is overwritten by the gradient weights R
    /// (∇_Θ f = X̃ᵀR), so it is no longer the image afterwards.</summary>
    public double ValueAndGradient(double[] image, double[] x, double[] gradient)
    {
        var (value, residualSum) = Pass(image, Offset(x), weights: true);
        _operator.Adjoint(image, gradient);
        Products++;
        if (_problem.FreeOutputOffset) gradient[Length - 1] = residualSum;
        return value;
    }

    /// <summary>into ← from + momentum·(from − into): with <paramref name="from"/> = X̃x⁺ and <paramref name="into"/> = X̃x,
    /// the image of the extrapolated point x⁺ + momentum·(x⁺ − x), without a product.</summary>
    public static void Extrapolate(double[] into, double[] from, double momentum)
    {
        if (momentum == 0)
        {
            Array.Copy(from, into, from.Length);
            return;
        }
        RowRanges.ForRanges(into.Length, (start, stop) =>
        {
            var target = into.AsSpan(start, stop - start);
            var source = from.AsSpan(start, stop - start);
            int w = Vector<double>.Count, e = 0;
            var m = new Vector<double>(momentum);
            for (; e + w <= target.Length; e += w)
            {
                var s = new Vector<double>(source[e..]);
                (s + m * (s - new Vector<double>(target[e..]))).CopyTo(target[e..]);
            }
            for (; e < target.Length; e++) target[e] = source[e] + momentum * (source[e] - target[e]);
        });
    }

    /// <summary>One pass over the rows of an image: value, Σ residuals, and with <paramref name="weights"/> the image
    /// replaced by the gradient weights: c_j mask r_s for the loss, −δ S (γ/δ − SZ)_+ for the penalty.</summary>
    private (double Value, double ResidualSum) Pass(double[] z, double offset, bool weights)
    {
        var masks = _problem.Masks;
        var y = _problem.Targets;
        var gamma = Multipliers;
        double delta = Penalty;
        int p = _p, b = _b;
        bool constrained = _problem.Constrained;
        var (value, residuals) = RowRanges.SumBlocks(_n, (first, end) =>
        {
            double loss = 0, penalty = 0, residualSum = 0;
            for (int s = first; s < end; s++)
            {
                var row = z.AsSpan(s * b, b);
                var mask = masks.AsSpan(s * p, p);
                double prediction = offset;
                if (constrained)
                    for (int i = 0; i < p; i++) prediction += mask[i] * (row[i] - row[p + i]);
                else
                    for (int i = 0; i < p; i++) prediction += mask[i] * row[i];
                double r = prediction - y[s];
                loss += r * r;
                residualSum += r;
                if (gamma is not null) penalty += PenaltyRow(row, mask, gamma.AsSpan(s * b, b), delta, r, weights);
                else if (weights)
                {
                    for (int i = 0; i < p; i++) row[i] = mask[i] * r;
                    if (constrained)
                        for (int i = 0; i < p; i++) row[p + i] = -mask[i] * r;
                }
            }
            return (0.5 * loss + 0.5 * delta * penalty, residualSum);
        });
        return (value, residuals);
    }

    /// <summary>Σ (γ/δ − SZ)_+² over one row's 2P entries; with <paramref name="weights"/> the row becomes its gradient
    /// weights (loss part ±mask·r plus the penalty part).</summary>
    private static double PenaltyRow(Span<double> row, ReadOnlySpan<byte> mask, ReadOnlySpan<double> gamma, double delta,
        double r, bool weights)
    {
        int p = mask.Length;
        double sum = 0, inverse = 1.0 / delta;
        for (int i = 0; i < p; i++)
        {
            double m = mask[i], sign = 2 * m - 1;
            double pv = Math.Max(0.0, gamma[i] * inverse - sign * row[i]);
            double pw = Math.Max(0.0, gamma[p + i] * inverse - sign * row[p + i]);
            sum += pv * pv + pw * pw;
            if (!weights) continue;
            row[i] = m * r - delta * sign * pv;
            row[p + i] = -m * r - delta * sign * pw;
        }
        return sum;
    }

    /// <summary>Constraint values S_j X̃ θ_j from an image: returns the largest constraint residual |min(γ/δ, SZ)|
    /// (violation and complementarity together; the plain violation max(−SZ)_+ without multipliers) and the largest
    /// |Z| (its scale), and with <paramref name="updateMultipliers"/> applies γ ← (γ − δ SZ)_+.</summary>
    public (double Violation, double Scale) Constraints(double[] image, bool updateMultipliers)
    {
        var masks = _problem.Masks;
        var gamma = Multipliers;
        double delta = Penalty;
        int p = _p, b = _b;
        var worst = new double[(_n + RowRanges.Block - 1) / RowRanges.Block];
        var largest = new double[worst.Length];
        RowRanges.SumBlocks(_n, (first, end) =>
        {
            double rowWorst = 0, rowLargest = 0;
            for (int s = first; s < end; s++)
            {
                var row = image.AsSpan(s * b, b);
                var mask = masks.AsSpan(s * p, p);
                var multipliers = gamma is null ? default : gamma.AsSpan(s * b, b);
                for (int j = 0; j < b; j++)
                {
                    double sign = mask[j < p ? j : j - p] != 0 ? 1.0 : -1.0;
                    double g = sign * row[j];
                    // |min(γ/δ, g)|: the violation where g < 0 and, where a multiplier is positive, how far the
                    // constraint is from active (complementarity) — zero exactly at a KKT point's constraints.
                    double residual = Math.Abs(Math.Min(gamma is null ? double.PositiveInfinity : multipliers[j] / delta, g));
                    rowWorst = Math.Max(rowWorst, residual);
                    rowLargest = Math.Max(rowLargest, Math.Abs(g));
                    if (updateMultipliers && gamma is not null) multipliers[j] = Math.Max(0.0, multipliers[j] - delta * g);
                }
            }
            worst[first / RowRanges.Block] = rowWorst;
            largest[first / RowRanges.Block] = rowLargest;
            return (0, 0);
        });
        return (worst.Max(), largest.Max());
    }
}
