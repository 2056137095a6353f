namespace ConicDsl.Compiler.FirstOrder;

/// <summary>
/// β Σ_j N(θ_j) over the columns θ_j of a d × B row-major block matrix, N the Euclidean norm of the first
/// <c>penalized</c> coordinates (math.md §11.1: group soft-thresholding). Entries after the block matrix (the free
/// output offset) and the unpenalized bias row are left alone by the prox and enter the subgradient as plain
/// gradient entries.
/// </summary>
public sealed class GroupNormProx
{
    private readonly int _features, _blocks, _penalized;

    public GroupNormProx(int features, int blocks, int penalized, double beta)
    {
        _features = features;
        _blocks = blocks;
        _penalized = penalized;
        Beta = beta;
    }

    public double Beta { get; }

    public double[] Norms(double[] theta)
    {
        var norms = new double[_blocks];
        for (int l = 0; l < _penalized; l++)
        {
            int row = l * _blocks;
            for (int j = 0; j < _blocks; j++) norms[j] += theta[row + j] * theta[row + j];
        }
        for (int j = 0; j < _blocks; j++) norms[j] = Math.Sqrt(norms[j]);
        return norms;
    }

    public double Value(double[] theta)
    {
        double sum = 0;
        foreach (var norm in Norms(theta)) sum += norm;
        return Beta * sum;
    }

    /// <summary>result = prox_{step·β Σ N}(point).</summary>
    public void Apply(double[] point, double step, double[] result)
    {
        Array.Copy(point, result, point.Length);
        var norms = Norms(point);
        double threshold = step * Beta;
        for (int j = 0; j < _blocks; j++)
            norms[j] = norms[j] > threshold ? 1 - threshold / norms[j] : 0.0;
        for (int l = 0; l < _penalized; l++)
        {
            int row = l * _blocks;
            for (int j = 0; j < _blocks; j++) result[row + j] *= norms[j];
        }
    }

    /// <summary>‖the minimum-norm element of ∇f(x) + β∂ΣN(x)‖ (math.md §11.2): per block ∇f + βθ/N(θ) where θ ≠ 0,
    /// else the gradient shrunk by β — zero when ‖∇f‖ ≤ β, which is exactly the optimality of a zero block.</summary>
    public double MinimumNormSubgradient(double[] x, double[] gradient)
    {
        var norms = Norms(x);
        var gradientNorms = Norms(gradient);
        double total = 0;
        for (int l = 0; l < _features; l++)
        {
            int row = l * _blocks;
            for (int j = 0; j < _blocks; j++)
            {
                double g = gradient[row + j];
                double e = l >= _penalized ? g
                    : norms[j] > 0 ? g + Beta * x[row + j] / norms[j]
                    : gradientNorms[j] > Beta ? g * (1 - Beta / gradientNorms[j]) : 0.0;
                total += e * e;
            }
        }
        for (int e = _features * _blocks; e < x.Length; e++) total += gradient[e] * gradient[e];
        return Math.Sqrt(total);
    }
}
