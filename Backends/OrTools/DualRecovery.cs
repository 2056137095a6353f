using ConicDsl.Conic;
using OperationsResearch;
using MbStatus = Google.OrTools.ModelBuilder.SolveStatus;

namespace ConicDsl.Backends.OrTools;

/// <summary>
/// Rebuilds a dual y for a primal point x when the solver gave none (SCIP) or gave one that fails the check
/// (seen with HiGHS through ModelBuilder). Complementarity fixes the shape of y from s = b − Ax:
/// <list type="bullet">
/// <item>zero rows: y free; orthant rows: y ≥ 0 where s is (nearly) 0, else 0;</item>
/// <item>second-order block with s in the interior: 0; on the boundary: y = λ(s_t, −s_z), λ ≥ 0 (the only dual
/// direction orthogonal to s); at the apex: any y in the cone, approximated from inside by nonnegative combinations of (1, d_j) over unit
/// directions d_j (<see cref="Directions"/>).</item>
/// </list>
/// Stationarity Aᵀy = −(c + Px) is then met as closely as possible in the 1-norm by one LP solved with GLOP.
/// The result is only a candidate: <see cref="SolutionCheck"/> decides whether it is good enough.
/// </summary>
internal static class DualRecovery
{
    public static double[]? Recover(ConicProgram program, double[] x, double activeTolerance, CancellationToken cancellation)
    {
        int n = program.Variables, m = program.Constraints;
        var cones = program.Cones;
        var ax = program.A.Multiply(x);
        var s = new double[m];
        for (int i = 0; i < m; i++) s[i] = program.B[i] - ax[i];
        double bScale = 1 + program.B.Aggregate(0.0, (a, v) => Math.Max(a, Math.Abs(v)));
        double delta = activeTolerance * bScale;

        var model = new MPModelProto();
        // y_i = Σ_k coefficient·v_k over the LP variables v that make up that row's dual.
        var yTerms = new List<(int Var, double Coef)>[m];
        for (int i = 0; i < m; i++) yTerms[i] = new List<(int, double)>();
        int NewVar(double lower) => Add(model, lower, double.PositiveInfinity, 0);

        for (int i = 0; i < cones.Zero; i++) yTerms[i].Add((NewVar(double.NegativeInfinity), 1));
        for (int i = cones.Zero; i < cones.Zero + cones.NonNegative; i++)
            if (s[i] <= delta) yTerms[i].Add((NewVar(0), 1));
        foreach (var (start, q) in cones.SecondOrderBlocks())
        {
            double t = s[start], nz = 0;
            for (int k = 1; k < q; k++) nz += s[start + k] * s[start + k];
            nz = Math.Sqrt(nz);
            if (t <= delta && nz <= delta)
            {
                // y = Σ μ_j (1, d_j) + (extra ≥ 0 on y_t), μ ≥ 0, over unit directions d_j: an inner approximation of
                // the cone that is far tighter than ‖y_z‖₁ ≤ y_t (which missed the dual on nearly every apex block
                // of the compiled examples).
                int yt = NewVar(0);
                yTerms[start].Add((yt, 1));
                var budget = new MPConstraintProto { LowerBound = double.NegativeInfinity, UpperBound = 0 };
                budget.VarIndex.Add(yt);
                budget.Coefficient.Add(-1);
                foreach (var d in Directions(q - 1))
                {
                    int mu = NewVar(0);
                    budget.VarIndex.Add(mu);
                    budget.Coefficient.Add(1);
                    for (int k = 1; k < q; k++)
                        if (d[k - 1] != 0) yTerms[start + k].Add((mu, d[k - 1]));
                }
                model.Constraint.Add(budget);
            }
            else if (t - nz <= delta)
            {
                int lambda = NewVar(0);
                yTerms[start].Add((lambda, t));
                for (int k = 1; k < q; k++) yTerms[start + k].Add((lambda, -s[start + k]));
            }
        }

        var g = program.P is null ? new double[n] : program.P.SymmetricUpperMultiply(x);
        for (int j = 0; j < n; j++) g[j] = -(g[j] + program.C[j]);
        // Column j of A gives row j of Aᵀy; collect each LP variable's coefficient in it.
        var stationarity = new Dictionary<int, double>[n];
        for (int j = 0; j < n; j++) stationarity[j] = new Dictionary<int, double>();
        foreach (var (r, c, v) in program.A.Entries())
            foreach (var (var, coef) in yTerms[r])
                stationarity[c][var] = stationarity[c].GetValueOrDefault(var) + v * coef;
        for (int j = 0; j < n; j++)
        {
            int plus = Add(model, 0, double.PositiveInfinity, 1), minus = Add(model, 0, double.PositiveInfinity, 1);
            var row = new MPConstraintProto { LowerBound = g[j], UpperBound = g[j] };
            foreach (var (var, coef) in stationarity[j])
            {
                row.VarIndex.Add(var);
                row.Coefficient.Add(coef);
            }
            row.VarIndex.Add(plus);
            row.Coefficient.Add(-1);
            row.VarIndex.Add(minus);
            row.Coefficient.Add(1);
            model.Constraint.Add(row);
        }

        var outcome = NativeRun.Solve(model, "glop", null, false, null, false, cancellation);
        if (outcome.Status != MbStatus.OPTIMAL || outcome.Values is null) return null;
        var y = new double[m];
        for (int i = 0; i < m; i++)
            foreach (var (var, coef) in yTerms[i]) y[i] += coef * outcome.Values[var];
        return y;
    }

    private static readonly Dictionary<int, double[][]> DirectionCache = new();

    /// <summary>
    /// Unit directions whose convex hull approximates the unit ball of dimension <paramref name="d"/> from inside: a
    /// 64-gon in the plane (inner radius cos(π/64) ≈ 0.9988); otherwise ±e_k, (±e_k ± e_l)/√2 and, up to
    /// dimension 6, the (±1, …, ±1)/√d corners.
    /// </summary>
    internal static double[][] Directions(int d)
    {
        lock (DirectionCache)
        {
            if (DirectionCache.TryGetValue(d, out var cached)) return cached;
            var list = new List<double[]>();
            if (d == 1)
            {
                list.Add(new[] { 1.0 });
                list.Add(new[] { -1.0 });
            }
            else if (d == 2)
            {
                // Exact zeros where cos or sin vanish (6e-17 entries would only trouble the LP).
                static double Clean(double v) => Math.Abs(v) < 1e-12 ? 0 : v;
                for (int j = 0; j < 64; j++)
                    list.Add(new[] { Clean(Math.Cos(2 * Math.PI * j / 64)), Clean(Math.Sin(2 * Math.PI * j / 64)) });
            }
            else
            {
                for (int k = 0; k < d; k++)
                    foreach (var sk in new[] { 1.0, -1.0 })
                    {
                        var e = new double[d];
                        e[k] = sk;
                        list.Add(e);
                        for (int l = k + 1; l < d; l++)
                            foreach (var sl in new[] { 1.0, -1.0 })
                            {
                                var v = new double[d];
                                v[k] = sk / Math.Sqrt(2);
                                v[l] = sl / Math.Sqrt(2);
                                list.Add(v);
                            }
                    }
                if (d <= 6)
                    for (int mask = 0; mask < 1 << d; mask++)
                        list.Add(Enumerable.Range(0, d).Select(k => ((mask >> k) & 1) == 0 ? 1 / Math.Sqrt(d) : -1 / Math.Sqrt(d)).ToArray());
            }
            return DirectionCache[d] = list.ToArray();
        }
    }

    private static int Add(MPModelProto model, double lower, double upper, double cost)
    {
        model.Variable.Add(new MPVariableProto { LowerBound = lower, UpperBound = upper, ObjectiveCoefficient = cost });
        return model.Variable.Count - 1;
    }
}
