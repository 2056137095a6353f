using System.Collections.Immutable;
using ConicDsl.Backends.Native;
using ConicDsl.Conic;

namespace ConicDsl.Backends.OrTools;

/// <summary>
/// The dual rebuild of <see cref="DualRecovery"/> with the second-order cones kept exact. SCIP returns no duals for
/// its quadratic constraints, and the LP rebuild approximates the dual of every apex block (a cone that is zero at
/// the optimum, i.e. an unused pattern) by a polytope; on the compiled examples those duals sit on or near their
/// cone's boundary, so the polytope leaves dual residuals near 1e-5. Here the same complementarity shape gives a
/// least-squares problem: minimise ½‖Aᵀy + c + Px‖² over the multipliers that SCIP's active set allows, with y of every apex block
/// in the second-order cone itself. Its Lagrange dual is solved by ConicDsl's interior-point solver (OR-Tools has no conic
/// solver that returns a point to that accuracy). The primal point stays SCIP's; the pair is only a candidate, and
/// <see cref="SolutionCheck"/> decides whether it certifies optimality.
/// </summary>
internal static class ConicDualRecovery
{
    /// <summary>Above this many multipliers the dense interior-point solve costs more than the rebuild is worth.</summary>
    public const int MaxMultipliers = 20_000;

    public static double[]? Recover(ConicProgram program, double[] x, double activeTolerance, CancellationToken cancellation)
    {
        int n = program.Variables, m = program.Constraints;
        var cones = program.Cones;
        if (cones.HasPsd) return null;
        var ax = program.A.Multiply(x);
        var s = new double[m];
        for (int i = 0; i < m; i++) s[i] = program.B[i] - ax[i];
        double bScale = 1 + program.B.Aggregate(0.0, (a, v) => Math.Max(a, Math.Abs(v)));
        double delta = activeTolerance * bScale;

        // y_i = Σ coefficient·u_k over the recovery program's variables u: free, then nonnegative, then cone blocks.
        var yTerms = new List<(int Var, double Coef)>[m];
        for (int i = 0; i < m; i++) yTerms[i] = new List<(int, double)>();
        int free = 0;
        for (int i = 0; i < cones.Zero; i++) yTerms[i].Add((free++, 1));
        int nonneg = 0;
        var pending = new List<(int Row, double Coef, int Slot)>();
        for (int i = cones.Zero; i < cones.Zero + cones.NonNegative; i++)
            if (s[i] <= delta) pending.Add((i, 1, nonneg++));
        var apex = new List<(int Start, int Q)>();
        foreach (var (start, q) in cones.SecondOrderBlocks())
        {
            double t = s[start], nz = 0;
            for (int k = 1; k < q; k++) nz += s[start + k] * s[start + k];
            nz = Math.Sqrt(nz);
            if (t <= delta && nz <= delta) apex.Add((start, q));
            else if (t - nz <= delta)
            {
                // On the boundary the only dual direction orthogonal to s is λ(s_t, −s_z), λ ≥ 0.
                int slot = nonneg++;
                pending.Add((start, t, slot));
                for (int k = 1; k < q; k++) pending.Add((start + k, -s[start + k], slot));
            }
        }
        int apexRows = apex.Sum(b => b.Q);
        int multipliers = free + nonneg + apexRows;
        if (multipliers > MaxMultipliers) return null;

        // Multipliers u in cone order: [free | nonneg | apex blocks].
        int nonnegStart = free, apexStart = free + nonneg;
        foreach (var (row, coef, slot) in pending) yTerms[row].Add((nonnegStart + slot, coef));
        int offset = apexStart;
        foreach (var (start, q) in apex)
            for (int k = 0; k < q; k++) yTerms[start + k].Add((offset++, 1));

        var g = program.P is null ? new double[n] : program.P.SymmetricUpperMultiply(x);
        for (int j = 0; j < n; j++) g[j] = -(g[j] + program.C[j]);

        // With M the map u ↦ Aᵀy(u), the rebuild min ½‖Mu − g‖² over u ∈ C has the Lagrange dual
        //     min_λ ½‖λ‖² − gᵀλ  s.t.  Mᵀλ + s = 0, s ∈ C,
        // whose multiplier is u itself (stationarity λ − g + Mu = 0, so λ = g − Mu is the residual). That dual has
        // the primal program's n variables and one row per multiplier — the shape the interior-point solver handles
        // as fast as the program itself — whereas the rebuild has a variable per multiplier.
        var triplets = new List<(int, int, double)>();
        foreach (var (r, c, v) in program.A.Entries())
            foreach (var (u, coef) in yTerms[r])
                triplets.Add((u, c, v * coef));
        var identity = SparseMatrix.FromTriplets(n, n, Enumerable.Range(0, n).Select(j => (j, j, 1.0)));
        var dual = new ConicProgram(SparseMatrix.FromTriplets(multipliers, n, triplets),
            new double[multipliers].ToImmutableArray(), g.Select(v => -v).ToImmutableArray(), identity, 0,
            new ConeLayout(free, nonneg, apex.Select(a => a.Q).ToImmutableArray()),
            ImmutableArray<Block>.Empty, ImmutableArray<Block>.Empty);

        var solved = InteriorPointSolver.Solve(dual, new InteriorPointSettings { Tolerance = 1e-10 }, cancellation);
        if (solved.Y.IsDefaultOrEmpty || solved.Y.Any(v => !double.IsFinite(v))) return null;
        var y = new double[m];
        for (int i = 0; i < m; i++)
            foreach (var (u, coef) in yTerms[i]) y[i] += coef * solved.Y[u];
        return y;
    }
}
