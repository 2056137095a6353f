using ConicDsl.Conic;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Backends.OrTools;

/// <summary>
/// SCIP handles a quadratic objective or a second-order cone by outer approximation, so its objective is accurate
/// but its point only to about the square root of that (the objective is flat along a curved optimal face):
/// residuals near 1e-4 are typical. Given the active set read off SCIP's point and the rebuilt dual, Newton's
/// method on the equality-constrained KKT system
/// <code>Px + c + A_Eᵀy_E + Σ ν_b ∇φ_b(x) = 0,  A_E x = b_E,  φ_b(x) = ½(s_t² − ‖s_z‖²) = 0</code>
/// (E: zero rows, active orthant rows, SOC blocks at their apex; b: SOC blocks on their boundary, s = b − Ax)
/// converges quadratically from there. The polished pair is only a candidate: the caller keeps whichever pair
/// <see cref="SolutionCheck"/> rates better, so a wrong active set costs nothing but time.
/// Dense linear algebra, so only for small programs.
/// </summary>
internal static class ActiveSetPolish
{
    public const int MaxSize = 800;

    public static (double[] X, double[] Y)? Polish(ConicProgram program, double[] x0, double[] y0, double activeTolerance)
    {
        int n = program.Variables, m = program.Constraints;
        var cones = program.Cones;
        var rows = MpLowering.RowsOf(program.A);
        double bScale = 1 + program.B.Aggregate(0.0, (a, v) => Math.Max(a, Math.Abs(v)));
        var s0 = Slack(program, x0);

        var linear = new List<int>();
        var blocks = new List<(int Start, int Q)>();
        for (int i = 0; i < cones.Zero; i++) linear.Add(i);
        for (int i = cones.Zero; i < cones.Zero + cones.NonNegative; i++)
            if (y0[i] > 0) linear.Add(i);
        foreach (var (start, q) in cones.SecondOrderBlocks())
        {
            if (y0[start] <= 0) continue;
            if (s0[start] <= activeTolerance * bScale) linear.AddRange(Enumerable.Range(start, q));
            else blocks.Add((start, q));
        }

        // Newton's method does not see the inactive constraints; one it crosses joins the active set and the
        // polish starts again (a few rounds at most, as in an active-set method).
        for (int round = 0; round < 4; round++)
        {
            var polished = PolishOn(program, x0, y0, linear, blocks, rows, bScale, s0);
            if (polished is not var (x, y, converged) || !converged) return null;
            var s = Slack(program, x);
            double tol = 1e-12 * bScale;
            var inLinear = new HashSet<int>(linear);
            var inBlocks = new HashSet<int>(blocks.Select(b => b.Start));
            int added = 0;
            for (int i = cones.Zero; i < cones.Zero + cones.NonNegative; i++)
                if (s[i] < -tol && inLinear.Add(i)) { linear.Add(i); added++; }
            foreach (var (start, q) in cones.SecondOrderBlocks())
            {
                if (inLinear.Contains(start) || inBlocks.Contains(start)) continue;
                double nz = 0;
                for (int k = 1; k < q; k++) nz += s[start + k] * s[start + k];
                if (s[start] - Math.Sqrt(nz) < -tol) { blocks.Add((start, q)); added++; }
            }
            if (added == 0) return (x, y);
        }
        return null;
    }

    private static (double[] X, double[] Y, bool Converged)? PolishOn(ConicProgram program, double[] x0, double[] y0,
        List<int> activeRows, List<(int Start, int Q)> blocks, List<(int Column, double Value)>[] rows, double bScale, double[] s0)
    {
        int n = program.Variables, m = program.Constraints;
        var linear = activeRows;
        // A kept row with a single entry a_ic pins x_c = b_i / a_ic (in the compiled programs: a block of an unused
        // pattern at its apex). Pinned columns leave the unknowns, and so do the rows that touch only pinned columns
        // (every orthant row of an unused pattern's cone): that is what keeps the system small enough to factor.
        // Stationarity is not solved on pinned columns, so the multipliers returned are partial: the caller rebuilds
        // the dual at the polished point.
        var pinned = new double?[n];
        foreach (int i in linear)
            if (rows[i].Count == 1 && rows[i][0].Value != 0) pinned[rows[i][0].Column] = program.B[i] / rows[i][0].Value;
        linear = linear.Where(i => rows[i].Exists(t => pinned[t.Column] is null)).ToList();
        var map = new int[n];
        int free = 0;
        for (int j = 0; j < n; j++) map[j] = pinned[j] is null ? free++ : -1;
        int size = free + linear.Count + blocks.Count;
        if (size > MaxSize) return null;

        var x = (double[])x0.Clone();
        for (int j = 0; j < n; j++)
            if (pinned[j] is double value) x[j] = value;
        var yE = linear.Select(i => y0[i]).ToArray();
        // y_block = λ(s_t, −s_z) with λ ≥ 0 is −ν∇φ's coefficient, so ν = −λ = −y_t / s_t.
        var nu = blocks.Select(b => -y0[b.Start] / s0[b.Start]).ToArray();
        bool converged = false;
        for (int iter = 0; iter < 12; iter++)
        {
            var s = Slack(program, x);
            var jac = Matrix<double>.Build.Dense(size, size);
            var f = new double[size];
            var px = program.P is null ? new double[n] : program.P.SymmetricUpperMultiply(x);
            for (int j = 0; j < n; j++)
                if (map[j] >= 0) f[map[j]] = px[j] + program.C[j];
            if (program.P is not null)
                foreach (var (r, c, v) in program.P.Entries())
                {
                    if (map[r] < 0 || map[c] < 0) continue;
                    jac[map[r], map[c]] += v;
                    if (r != c) jac[map[c], map[r]] += v;
                }
            for (int k = 0; k < linear.Count; k++)
            {
                int i = linear[k];
                foreach (var (c, v) in rows[i])
                {
                    if (map[c] < 0) continue;
                    f[map[c]] += v * yE[k];
                    jac[map[c], free + k] = v;
                    jac[free + k, map[c]] = v;
                }
                f[free + k] = -s[i];
            }
            for (int k = 0; k < blocks.Count; k++)
            {
                var (start, q) = blocks[k];
                int col = free + linear.Count + k;
                // ∇φ = −A_bᵀ D s and ∇²φ = A_bᵀ D A_b with D = diag(1, −1, …, −1).
                var grad = new double[free];
                double phi = 0;
                for (int r = 0; r < q; r++)
                {
                    double d = r == 0 ? 1 : -1;
                    phi += 0.5 * d * s[start + r] * s[start + r];
                    foreach (var (c, v) in rows[start + r])
                        if (map[c] >= 0) grad[map[c]] -= d * v * s[start + r];
                    foreach (var (c1, v1) in rows[start + r])
                        foreach (var (c2, v2) in rows[start + r])
                            if (map[c1] >= 0 && map[c2] >= 0) jac[map[c1], map[c2]] += nu[k] * d * v1 * v2;
                }
                for (int j = 0; j < free; j++)
                {
                    f[j] += nu[k] * grad[j];
                    jac[j, col] = grad[j];
                    jac[col, j] = grad[j];
                }
                f[col] = phi;
            }
            double norm = f.Max(Math.Abs);
            if (norm < 1e-11 * bScale) { converged = true; break; }
            var step = MinimumNormSolve(jac, Vector<double>.Build.Dense(f).Negate());
            if (step.Exists(v => !double.IsFinite(v))) return null;
            for (int j = 0; j < n; j++)
                if (map[j] >= 0) x[j] += step[map[j]];
            for (int k = 0; k < linear.Count; k++) yE[k] += step[free + k];
            for (int k = 0; k < blocks.Count; k++) nu[k] += step[free + linear.Count + k];
        }

        var sf = Slack(program, x);
        var y = new double[m];
        for (int k = 0; k < linear.Count; k++) y[linear[k]] = yE[k];
        for (int k = 0; k < blocks.Count; k++)
        {
            var (start, q) = blocks[k];
            y[start] = -nu[k] * sf[start];
            for (int r = 1; r < q; r++) y[start + r] = nu[k] * sf[start + r];
        }
        return (x, y, converged);
    }

    /// <summary>
    /// The least-squares step of least norm. The active set usually holds redundant rows (every orthant row of a
    /// zero block is tight, as is the block itself), so the KKT matrix is singular and a plain SVD solve divides by
    /// zero; singular values below a relative 1e-12 are treated as zero.
    /// </summary>
    private static Vector<double> MinimumNormSolve(Matrix<double> a, Vector<double> rhs)
    {
        var svd = a.Svd(computeVectors: true);
        var sigma = svd.S;
        double cut = 1e-12 * (sigma.Count > 0 ? sigma[0] : 0);
        var coef = svd.U.TransposeThisAndMultiply(rhs);
        for (int k = 0; k < coef.Count; k++)
            coef[k] = k < sigma.Count && sigma[k] > cut ? coef[k] / sigma[k] : 0;
        return svd.VT.TransposeThisAndMultiply(coef);
    }

    private static double[] Slack(ConicProgram program, double[] x)
    {
        var ax = program.A.Multiply(x);
        for (int i = 0; i < ax.Length; i++) ax[i] = program.B[i] - ax[i];
        return ax;
    }
}
