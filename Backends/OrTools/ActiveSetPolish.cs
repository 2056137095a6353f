using ConicDsl.Conic;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Backends.OrTools;

/// <summary>
/// SCIP handles a quadratic objective or a second-order cone by outer approximation, so its objective is accurate
/// but its point only to about the square root of that (the objective is flat along a curved optimal face):
/// residuals near 1e-4 are typical. Given a face read off SCIP's point (<see cref="PolishFace"/>), Newton's
/// method on the equality-constrained KKT system
/// <code>Px + c + A_Eᵀy_E + Σ ν_b ∇φ_b(x) = 0,  A_E x = b_E,  φ_b(x) = ½(s_t² − ‖s_z‖²) = 0</code>
/// (E: zero rows, active orthant rows, SOC blocks at their apex; b: SOC blocks on their boundary, s = b − Ax)
/// converges quadratically from there when the face is the optimal one. The polished pair is only a candidate: the
/// caller keeps whichever pair <see cref="SolutionCheck"/> rates better, so a wrong face costs nothing but time.
/// Dense linear algebra, so only for small programs.
/// </summary>
internal static class ActiveSetPolish
{
    public const int MaxSize = 800;

    /// <summary>
    /// The face is read off the point alone (never off a rebuilt dual, whose signs are only as good as the face it
    /// was rebuilt on): zero rows; orthant rows within <paramref name="face"/>'s activity tolerance; second-order
    /// blocks at their apex, on their boundary or inside (left free).
    /// </summary>
    public static (double[] X, double[] Y)? Polish(ConicProgram program, double[] x0, PolishFace face)
    {
        var cones = program.Cones;
        var rows = MpLowering.RowsOf(program.A);
        double bScale = 1 + program.B.Aggregate(0.0, (a, v) => Math.Max(a, Math.Abs(v)));
        var s0 = Slack(program, x0);
        double delta = face.ActiveTolerance * bScale;

        var linear = new List<int>();
        var blocks = new List<(int Start, int Q)>();
        for (int i = 0; i < cones.Zero; i++) linear.Add(i);
        for (int i = cones.Zero; i < cones.Zero + cones.NonNegative; i++)
            if (s0[i] <= delta) linear.Add(i);
        foreach (var (start, q) in cones.SecondOrderBlocks())
            switch (face.Classify(s0.AsSpan(start, q), delta))
            {
                case BlockFace.Apex: linear.AddRange(Enumerable.Range(start, q)); break;
                case BlockFace.Boundary: blocks.Add((start, q)); break;
            }

        // Newton's method does not see the inactive constraints; one it crosses joins the active set and the
        // polish starts again (a few rounds at most, as in an active-set method).
        for (int round = 0; round < 4; round++)
        {
            var polished = PolishOn(program, x0, linear, blocks, rows, bScale);
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

    private static (double[] X, double[] Y, bool Converged)? PolishOn(ConicProgram program, double[] x0,
        List<int> activeRows, List<(int Start, int Q)> blocks, List<(int Column, double Value)>[] rows, double bScale)
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
        var (yE, nu) = InitialMultipliers(program, x, linear, blocks, rows, map, free);
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
            double norm = f.Length == 0 ? 0 : f.Max(Math.Abs); // every column pinned: nothing to solve
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
    /// Multipliers that best meet stationarity at the starting point (least squares, least norm): Newton's first
    /// step then starts with the curvature ν∇²φ of the boundary blocks about right. Starting from zero multipliers
    /// instead ignores that curvature in the first step, which overshoots: measured on Examples/signals_circular.cnn,
    /// the polish then diverges (residual 0.4) where it converges to 1e-16 from these.
    /// </summary>
    private static (double[] YE, double[] Nu) InitialMultipliers(ConicProgram program, double[] x, List<int> linear,
        List<(int Start, int Q)> blocks, List<(int Column, double Value)>[] rows, int[] map, int free)
    {
        int n = program.Variables;
        var s = Slack(program, x);
        var g = Matrix<double>.Build.Dense(free, linear.Count + blocks.Count);
        for (int k = 0; k < linear.Count; k++)
            foreach (var (c, v) in rows[linear[k]])
                if (map[c] >= 0) g[map[c], k] += v;
        for (int k = 0; k < blocks.Count; k++)
        {
            var (start, q) = blocks[k];
            for (int r = 0; r < q; r++)
            {
                double d = r == 0 ? 1 : -1;
                foreach (var (c, v) in rows[start + r])
                    if (map[c] >= 0) g[map[c], linear.Count + k] -= d * v * s[start + r];
            }
        }
        var px = program.P is null ? new double[n] : program.P.SymmetricUpperMultiply(x);
        var rhs = Vector<double>.Build.Dense(free);
        for (int j = 0; j < n; j++)
            if (map[j] >= 0) rhs[map[j]] = -(px[j] + program.C[j]);
        var mult = g.ColumnCount == 0 || free == 0 ? Vector<double>.Build.Dense(g.ColumnCount) : MinimumNormSolve(g, rhs);
        if (mult.Exists(v => !double.IsFinite(v))) mult = Vector<double>.Build.Dense(g.ColumnCount);
        return (mult.Take(linear.Count).ToArray(), mult.Skip(linear.Count).ToArray());
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
        var ur = svd.U.TransposeThisAndMultiply(rhs);
        // Rectangular systems too (the initial multipliers): the coefficients live in the column space.
        var coef = Vector<double>.Build.Dense(a.ColumnCount);
        for (int k = 0; k < Math.Min(sigma.Count, coef.Count); k++)
            coef[k] = sigma[k] > cut ? ur[k] / sigma[k] : 0;
        return svd.VT.TransposeThisAndMultiply(coef);
    }

    private static double[] Slack(ConicProgram program, double[] x)
    {
        var ax = program.A.Multiply(x);
        for (int i = 0; i < ax.Length; i++) ax[i] = program.B[i] - ax[i];
        return ax;
    }
}
