using ConicDsl.Compiler.Pipeline;
using ConicDsl.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Compiler.Recovery;

/// <summary>Writes rows [start, start + count) of the n × k contribution matrix, row-major, into <paramref name="rows"/>.</summary>
internal delegate void ContributionRows(int start, int count, Span<double> rows);

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

    /// <param name="contributions">The n-vectors a_l of the blocks (already signed).</param>
    /// <param name="penalties">N(b_l).</param>
    public static List<double> Scales(IReadOnlyList<double[]> contributions, IReadOnlyList<double> penalties)
    {
        if (contributions.Count == 0) return [];
        int k = contributions.Count;
        return Scales(contributions[0].Length, k, (start, count, rows) =>
        {
            for (int r = 0; r < count; r++)
                for (int l = 0; l < k; l++) rows[r * k + l] = contributions[l][start + r];
        }, penalties);
    }

    /// <param name="samples">n, the length of each contribution.</param>
    /// <param name="fill">Writes rows of the n × k matrix [a_1 … a_k], so that it is never held whole.</param>
    public static List<double> Scales(int samples, int k, ContributionRows fill, IReadOnlyList<double> penalties)
    {
        var scale = Enumerable.Repeat(1.0, k).ToList();
        var alive = Enumerable.Range(0, k).ToList();
        if (k == 0) return scale;
        int n = samples;
        var factor = Factor(samples, k, fill);
        while (alive.Count > 1)
        {
            // Any n + 1 vectors in R^n are dependent; otherwise look for dependence among all that remain.
            var window = alive.Take(Math.Min(alive.Count, n + 1)).ToList();
            var m = Matrix<double>.Build.Dense(factor.RowCount, window.Count, (r, c) => factor[r, window[c]] * scale[window[c]]);
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

    /// <summary>
    /// A matrix F with the same singular values and right singular vectors as A = [a_1 … a_k], for every column subset
    /// and column scaling: A itself when n ≤ k, else the k × k triangular factor R of A = QR, built from row blocks
    /// ([R; next rows] = Q′R′ keeps R′ᵀR′ = AᵀA over the rows seen). A[:, S]·D = Q·R[:, S]·D with Q orthonormal, so
    /// the null vectors are R's. Tall A (n = 100 000 samples, k = 1 000 blocks: 800 MB, and as much again for the
    /// SVD's U and work copy) is thus never held: the memory is O(k²) (docs/solver.md, "Memory").
    /// </summary>
    private static Matrix<double> Factor(int n, int k, ContributionRows fill)
    {
        if (n <= k)
        {
            var rows = new double[(long)n * k];
            fill(0, n, rows);
            return Matrix<double>.Build.Dense(n, k, (r, c) => rows[(long)r * k + c]);
        }
        int block = Math.Max(k, 2048);
        var buffer = new double[(long)block * k];
        Matrix<double>? r = null;
        long garbage = 0;
        for (int start = 0; start < n; start += block)
        {
            int count = Math.Min(block, n - start);
            fill(start, count, buffer);
            int top = r?.RowCount ?? 0;
            var stacked = Matrix<double>.Build.Dense(top + count, k);
            if (r is not null) stacked.SetSubMatrix(0, 0, r);
            for (int i = 0; i < count; i++)
                for (int c = 0; c < k; c++) stacked[top + i, c] = buffer[(long)i * k + c];
            // Every factorization has more than k rows: the first block min(block, n) > k, later ones R's k on top.
            r = DenseLinearAlgebra.Current.Qr(stacked).R;
            // Each round leaves the stacked matrix, its LAPACK copy and Q behind; uncollected they pile up (3.6 GB of
            // garbage held at n = 100 000, k = 1 000; 0.3 GB at n = 20 000, k = 500: measured), collected they are
            // reused by the next rounds.
            garbage += 4L * 8 * stacked.RowCount * k;
            if (PhaseGarbage.Release(garbage, returnToSystem: false)) garbage = 0;
        }
        return r!;
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
