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
    /// <summary>A scale at or below this is a removed neuron.</summary>
    private const double Dead = 1e-12;
    private const double TransformedTolerance = 1e-14;

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
        var factor = Factor(samples, k, fill);
        int rows = factor.RowCount;
        while (alive.Count > 1)
        {
            // Any rows + 1 vectors in R^rows are dependent. A window of up to 2·rows + 1 columns has a null space of
            // dimension ≥ its width − rows, and one SVD then serves that many eliminations (Eliminations). One SVD per
            // eliminated neuron made pruning the slowest phase of a solve with thousands of blocks: 2 000 blocks on 200
            // samples, 1 806 eliminated, took ~13 s of a 27 s `conicdsl solve` whose IPM took 11 s (13.7 s after).
            var window = alive.Take(Math.Min(alive.Count, 2 * rows + 1)).ToList();
            var (basis, largest) = NullBasis(Columns(factor, window, scale));
            // No dependence left (or only rounding prevented finding it): stop.
            if (basis.Count == 0) break;
            int before = alive.Count;
            Eliminations(factor, window, basis, largest, scale, penalties);
            alive.RemoveAll(i => scale[i] <= Dead);
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

    /// <summary>The window's columns of the factor, each times its current scale.</summary>
    private static Matrix<double> Columns(Matrix<double> factor, List<int> window, List<double> scale) =>
        Matrix<double>.Build.Dense(factor.RowCount, window.Count, (r, c) => factor[r, window[c]] * scale[window[c]]);

    /// <summary>
    /// Applies the §10.3 step along each vector of a null basis of the window in turn. After a step the matrix is
    /// M′ = M·diag(ρ) with ρ_l = 1 − tγ_l, some ρ_j = 0; a remaining basis vector η (Mη = 0) is first made to vanish
    /// on those j by Gaussian elimination against a pivot vector (γ itself for the first), then η′_l = η_l / ρ_l gives
    /// M′η′ = Mη = 0. Each vector is checked against the current matrix before it is used, so rounding in these
    /// updates can only end the batch early (the caller takes a fresh SVD), never make a step that changes predictions.
    /// </summary>
    private static void Eliminations(Matrix<double> factor, List<int> window, List<double[]> basis, double largest,
        List<double> scale, IReadOnlyList<double> penalties)
    {
        int w = window.Count, rows = factor.RowCount;
        var product = new double[rows];
        for (int step = 0; basis.Count > 0; step++)
        {
            var gamma = basis[0];
            basis.RemoveAt(0);
            var tStep = StepLength(gamma, window, scale, penalties);
            if (tStep is not { } t) continue;
            // The first vector comes straight from the SVD, the most null one first (the one-SVD-per-step method took the
            // last right singular vector). The later ones went through the updates below, whose rounding grows with the
            // divisions by ρ: the predictions move by t·M_current·γ in this step, which must stay below 1e-14·σ_max, or
            // the batch ends and the caller takes a new SVD. (Unchecked, or with the small singular values first,
            // xor_gated's pruned hinge objective rose past the recovery's 1e-9 check and its 124 units stayed.)
            if (step > 0)
            {
                Array.Clear(product);
                for (int c = 0; c < w; c++)
                {
                    double g = gamma[c] * scale[window[c]];
                    if (g == 0) continue;
                    for (int r = 0; r < rows; r++) product[r] += factor[r, window[c]] * g;
                }
                if (t * Math.Sqrt(product.Sum(v => v * v)) > TransformedTolerance * largest) return;
            }
            var ratio = new double[w];
            var dead = new List<int>();
            for (int c = 0; c < w; c++)
            {
                if (scale[window[c]] <= Dead) continue;
                ratio[c] = Math.Max(0, 1 - t * gamma[c]);
                scale[window[c]] *= ratio[c];
                if (scale[window[c]] <= Dead) dead.Add(c);
            }
            var pivot = gamma;
            foreach (int j in dead)
            {
                if (pivot is null)
                {
                    // The remaining vector largest at j becomes the pivot for j and leaves the basis.
                    int best = -1;
                    for (int b = 0; b < basis.Count; b++)
                        if (best < 0 || Math.Abs(basis[b][j]) > Math.Abs(basis[best][j])) best = b;
                    if (best < 0 || Math.Abs(basis[best][j]) <= 1e-12) continue;
                    pivot = basis[best];
                    basis.RemoveAt(best);
                }
                foreach (var eta in basis)
                {
                    double f = eta[j] / pivot[j];
                    for (int c = 0; c < w; c++) eta[c] -= f * pivot[c];
                    eta[j] = 0;
                }
                pivot = null;
            }
            foreach (var eta in basis)
            {
                double norm = 0;
                for (int c = 0; c < w; c++)
                {
                    eta[c] = scale[window[c]] <= Dead ? 0 : eta[c] / ratio[c];
                    norm += eta[c] * eta[c];
                }
                norm = Math.Sqrt(norm);
                if (norm > 0) for (int c = 0; c < w; c++) eta[c] /= norm;
            }
            basis.RemoveAll(eta => eta.All(v => v == 0));
        }
    }

    /// <summary>Orients γ (in place) so that Σγ_l N_l·scale_l ≥ 0, the penalty not rising, and returns t = min over γ_l &gt; 0
    /// of 1/γ_l, or null when no entry is positive.</summary>
    private static double? StepLength(double[] gamma, List<int> window, List<double> scale, IReadOnlyList<double> penalties)
    {
        double oriented = 0;
        for (int c = 0; c < gamma.Length; c++) oriented += gamma[c] * penalties[window[c]] * scale[window[c]];
        if (oriented < 0) for (int c = 0; c < gamma.Length; c++) gamma[c] = -gamma[c];
        double t = double.PositiveInfinity;
        for (int c = 0; c < gamma.Length; c++)
            if (gamma[c] > 0) t = Math.Min(t, 1 / gamma[c]);
        return double.IsFinite(t) ? t : null;
    }

    /// <summary>Unit vectors spanning {γ : ‖Mγ‖ ≤ tol·σ_max}: the right singular vectors of the small singular values
    /// and, with more columns than rows, the trailing ones that span the null space exactly. Only Vᵀ is used, so the
    /// SVD skips the n×n U (M is n × window, n the sample count): with OpenBLAS this is the recovery's hot spot made
    /// fast (docs/benchmarks.md).</summary>
    private static (List<double[]> Basis, double Largest) NullBasis(Matrix<double> m)
    {
        var svd = DenseLinearAlgebra.Current.SvdWithThinU(m);
        var sv = svd.S;
        double smax = sv.Length == 0 ? 0 : sv[0];
        int cols = m.ColumnCount;
        var basis = new List<double[]>();
        // Most null first: the trailing rows (exact null vectors of a wide window) before the small singular values.
        for (int i = cols - 1; i >= 0; i--)
            if (i >= sv.Length || sv[i] <= DependenceTolerance * smax)
                basis.Add(svd.VT!.Row(i).ToArray());
        return (basis, smax);
    }
}
