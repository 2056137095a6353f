namespace ConicDsl.Compiler.FirstOrder;

/// <summary>
/// The linear map of the group-lasso programs without forming any D_i X̃: with the blocks as the columns of
/// Θ (d × B, B = P or 2P), Z = X̃Θ (n × B) is one matrix product, the prediction Σ_i c_i D_i X̃ θ_i is the signed row
/// sum of mask ⊙ Z, and every gradient is X̃ᵀR for an n × B weight matrix R — again one product. Block j uses the
/// pattern j mod P and carries the sign c_j = +1 for the v's and −1 for the w's.
/// </summary>
public sealed class MaskedGroupOperator
{
    private readonly GroupLassoProblem _problem;
    private readonly IGemm _gemm;

    public MaskedGroupOperator(GroupLassoProblem problem, IGemm gemm)
    {
        _problem = problem;
        _gemm = gemm;
    }

    public int Samples => _problem.Samples;
    public int Features => _problem.Features;
    public int Blocks => _problem.Blocks;
    public int Patterns => _problem.Patterns;

    /// <summary>Floating-point operations of one product (for throughput figures).</summary>
    public double ProductFlops => 2.0 * Samples * Features * Blocks;

    public bool Active(int sample, int block) => _problem.Masks[sample * Patterns + block % Patterns] != 0;

    public static double Sign(int block, int patterns) => block < patterns ? 1.0 : -1.0;

    /// <summary>Z = X̃Θ; <paramref name="theta"/> is d × B row-major (its first d·B entries are read).</summary>
    public void Products(double[] theta, double[] z) =>
        _gemm.Multiply(false, Samples, Blocks, Features, _problem.Design, theta, z);

    /// <summary>ŷ_s = Σ_j c_j mask[s, j] Z[s, j] (+ offset).</summary>
    public void Predict(double[] z, double offset, double[] prediction)
    {
        int b = Blocks, p = Patterns;
        var masks = _problem.Masks;
        RowRanges.For(Samples, s =>
        {
            double sum = offset;
            int row = s * b, mrow = s * p;
            for (int j = 0; j < b; j++)
            {
                int i = j < p ? j : j - p;
                if (masks[mrow + i] == 0) continue;
                sum += j < p ? z[row + j] : -z[row + j];
            }
            prediction[s] = sum;
        });
    }

    /// <summary>G = X̃ᵀR (d × B) for a weight matrix R (n × B).</summary>
    public void Adjoint(double[] r, double[] gradient) =>
        _gemm.Multiply(true, Features, Blocks, Samples, _problem.Design, r, gradient);

    /// <summary>R[s, j] = c_j mask[s, j] r_s — the weights whose adjoint is the gradient of a loss in ŷ.</summary>
    public void SpreadResidual(double[] residual, double[] r)
    {
        int b = Blocks, p = Patterns;
        var masks = _problem.Masks;
        RowRanges.For(Samples, s =>
        {
            int row = s * b, mrow = s * p;
            double rs = residual[s];
            for (int j = 0; j < b; j++)
            {
                int i = j < p ? j : j - p;
                double value = masks[mrow + i] == 0 ? 0.0 : rs;
                r[row + j] = j < p ? value : -value;
            }
        });
    }
}
