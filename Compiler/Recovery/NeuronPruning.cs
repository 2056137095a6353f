using ConicDsl.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Compiler.Recovery;

/// <summary>
/// math.md §10.3: while the neurons' contributions a_l = sign_l·(X̃b_l)₊ are linearly dependent, take γ ≠ 0 with
/// Σγ_l a_l = 0, orient it so that Σγ_l N(b_l) ≥ 0, and scale b_l ← (1 − tγ_l)b_l with t = min_{γ_l>0} 1/γ_l.
/// Predictions are unchanged (contributions are positively homogeneous and cones are preserved), the penalty
/// does not increase, and at least one neuron vanishes — so a network shrinks to at most n neurons. Interior-point solutions sit in the middle of the optimal face and use every block; this is
/// what turns them into a sparse network.
/// </summary>
internal static class NeuronPruning
{
    private const double DependenceTolerance = 1e-10;

    /// <param name="contribution">The n-vector a_l of a block (already signed).</param>
    /// <param name="penalty">N(b_l).</param>
    public static List<double> Scales(IReadOnlyList<double[]> contributions, IReadOnlyList<double> penalties)
    {
        int k = contributions.Count;
        var scale = Enumerable.Repeat(1.0, k).ToList();
        var alive = Enumerable.Range(0, k).ToList();
        if (k == 0) return scale;
        int n = contributions[0].Length;
        while (alive.Count > 1)
        {
            // Any n + 1 vectors in R^n are dependent; otherwise look for dependence among all that remain.
            var window = alive.Take(Math.Min(alive.Count, n + 1)).ToList();
            var m = Matrix<double>.Build.Dense(n, window.Count, (r, c) => contributions[window[c]][r] * scale[window[c]]);
            var gamma = NullVector(m);
            // No dependence left (or, for an n + 1 window, only rounding prevented finding it): stop.
            if (gamma is null) break;
            double oriented = 0;
            for (int c = 0; c < window.Count; c++) oriented += gamma[c] * penalties[window[c]] * scale[window[c]];
            if (oriented < 0) gamma = gamma.Select(g => -g).ToArray();
            double t = double.PositiveInfinity;
            for (int c = 0; c < window.Count; c++)
                if (gamma[c] > 0) t = Math.Min(t, 1 / gamma[c]);
            if (!double.IsFinite(t)) break;
            for (int c = 0; c < window.Count; c++) scale[window[c]] *= Math.Max(0, 1 - t * gamma[c]);
            int before = alive.Count;
            alive.RemoveAll(i => scale[i] <= 1e-12);
            if (alive.Count == before) break;
        }
        foreach (var i in Enumerable.Range(0, k).Except(alive)) scale[i] = 0;
        return scale;
    }

    /// <summary>A unit γ with ‖Mγ‖ ≤ tol·σ_max, or null when the columns are independent. Only Vᵀ is used, so the
    /// SVD skips the n×n U (M is n × window, n the sample count): with OpenBLAS this is the recovery's hot spot
    /// made fast (docs/benchmarks.md).</summary>
    private static double[]? NullVector(Matrix<double> m)
    {
        var svd = DenseLinearAlgebra.Current.SvdWithThinU(m);
        var sv = svd.S;
        double smax = sv.Length == 0 ? 0 : sv[0];
        int cols = m.ColumnCount;
        // With more columns than rows the trailing right singular vectors span the null space exactly.
        if (cols > sv.Length || sv[cols - 1] <= DependenceTolerance * smax)
            return svd.VT!.Row(cols - 1).ToArray();
        return null;
    }
}
