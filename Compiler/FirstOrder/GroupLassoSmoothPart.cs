namespace ConicDsl.Compiler.FirstOrder;

/// <summary>
/// f(Θ, b₀) = ½‖ŷ − y‖² with ŷ = Σ_j c_j D_j X̃ θ_j (+ b₀), plus — for the ReLU program under the augmented Lagrangian
/// (math.md §11.3) — (δ/2) Σ_j ‖(γ_j/δ − S_j X̃ θ_j)_+‖² with S_j = 2D_j − I. Value and gradient cost one product
/// X̃Θ and, for the gradient, one X̃ᵀR; the n × B product buffer is reused for R.
/// </summary>
public sealed class GroupLassoSmoothPart : ISmoothPart
{
    private readonly GroupLassoProblem _problem;
    private readonly MaskedGroupOperator _operator;
    private readonly double[] _z, _prediction;

    public GroupLassoSmoothPart(GroupLassoProblem problem, MaskedGroupOperator op)
    {
        _problem = problem;
        _operator = op;
        long size = (long)problem.Samples * problem.Blocks;
        if (size > Array.MaxLength) throw new ArgumentException("n × blocks exceeds the largest array");
        _z = new double[size];
        _prediction = new double[problem.Samples];
        Length = problem.Features * problem.Blocks + (problem.FreeOutputOffset ? 1 : 0);
    }

    public int Length { get; }

    /// <summary>Multipliers γ (n × B, row-major like Z), null for the unconstrained (gated) program.</summary>
    public double[]? Multipliers { get; set; }

    public double Penalty { get; set; } = 1.0;

    /// <summary>Matrix products performed so far (each 2·n·d·B flops).</summary>
    public long Products { get; private set; }

    private double Offset(double[] x) => _problem.FreeOutputOffset ? x[Length - 1] : 0.0;

    public double Value(double[] x) => Evaluate(x, null);

    public double ValueAndGradient(double[] x, double[] gradient) => Evaluate(x, gradient);

    private double Evaluate(double[] x, double[]? gradient)
    {
        _operator.Products(x, _z);
        Products++;
        _operator.Predict(_z, Offset(x), _prediction);
        var y = _problem.Targets;
        for (int s = 0; s < _prediction.Length; s++) _prediction[s] -= y[s];
        double value = 0.5 * RowRanges.Sum(_prediction.Length, s => _prediction[s] * _prediction[s]);
        var gamma = Multipliers;
        if (gamma is not null) value += PenaltyTerm(gamma, gradient is not null);
        if (gradient is null) return value;

        if (gamma is null) _operator.SpreadResidual(_prediction, _z);
        else AddResidual();
        _operator.Adjoint(_z, gradient);
        Products++;
        if (_problem.FreeOutputOffset) gradient[Length - 1] = RowRanges.Sum(_prediction.Length, s => _prediction[s]);
        return value;
    }

    /// <summary>(δ/2)Σ(γ/δ − SZ)_+²; with <paramref name="keepWeights"/> Z is overwritten by its derivative
    /// −δ S (γ/δ − SZ)_+ so that adding the loss weights and one adjoint give the whole gradient.</summary>
    private double PenaltyTerm(double[] gamma, bool keepWeights)
    {
        int b = _problem.Blocks, p = _problem.Patterns;
        var masks = _problem.Masks;
        double delta = Penalty;
        return 0.5 * delta * RowRanges.Sum(_problem.Samples, s =>
        {
            double sum = 0;
            int row = s * b, mrow = s * p;
            for (int j = 0; j < b; j++)
            {
                double sign = masks[mrow + (j < p ? j : j - p)] != 0 ? 1.0 : -1.0;
                double slack = gamma[row + j] / delta - sign * _z[row + j];
                double positive = slack > 0 ? slack : 0.0;
                sum += positive * positive;
                if (keepWeights) _z[row + j] = -delta * sign * positive;
            }
            return sum;
        });
    }

    private void AddResidual()
    {
        int b = _problem.Blocks, p = _problem.Patterns;
        var masks = _problem.Masks;
        RowRanges.For(_problem.Samples, s =>
        {
            int row = s * b, mrow = s * p;
            double r = _prediction[s];
            for (int j = 0; j < b; j++)
            {
                if (masks[mrow + (j < p ? j : j - p)] == 0) continue;
                _z[row + j] += j < p ? r : -r;
            }
        });
    }

    /// <summary>Constraint values S_j X̃ θ_j at x: returns the largest constraint residual |min(γ/δ, SZ)| (violation
    /// and complementarity together; the plain violation max(−SZ)_+ without multipliers) and the largest |Z| (its
    /// scale), and with <paramref name="updateMultipliers"/> applies γ ← (γ − δ SZ)_+.</summary>
    public (double Violation, double Scale) Constraints(double[] x, bool updateMultipliers)
    {
        _operator.Products(x, _z);
        Products++;
        int b = _problem.Blocks, p = _problem.Patterns;
        var masks = _problem.Masks;
        var gamma = Multipliers;
        double delta = Penalty;
        var violation = new double[_problem.Samples];
        var scale = new double[_problem.Samples];
        RowRanges.For(_problem.Samples, s =>
        {
            int row = s * b, mrow = s * p;
            double worst = 0, largest = 0;
            for (int j = 0; j < b; j++)
            {
                double sign = masks[mrow + (j < p ? j : j - p)] != 0 ? 1.0 : -1.0;
                double g = sign * _z[row + j];
                // |min(γ/δ, g)|: the violation where g < 0 and, where a multiplier is positive, how far the
                // constraint is from active (complementarity) — zero exactly at a KKT point's constraints.
                double residual = Math.Abs(Math.Min(gamma is null ? double.PositiveInfinity : gamma[row + j] / delta, g));
                if (residual > worst) worst = residual;
                if (Math.Abs(g) > largest) largest = Math.Abs(g);
                if (updateMultipliers && gamma is not null) gamma[row + j] = Math.Max(0.0, gamma[row + j] - delta * g);
            }
            violation[s] = worst;
            scale[s] = largest;
        });
        return (violation.Max(), scale.Max());
    }
}
