using ConicDsl.Conic;

namespace ConicDsl.Backends;

/// <summary>
/// Residuals of a returned point, computed by ConicDsl itself so that no backend is trusted on its word.
/// Definitions (all relative, ∞-norms):
/// <list type="bullet">
/// <item>primal residual: ‖Ax + Π_K(b − Ax) − b‖ / (1 + ‖b‖) — how far x is from satisfying Ax + s = b with
/// s ∈ K; depends on x alone.</item>
/// <item>dual residual: ‖Px + Aᵀŷ + c‖ / (1 + ‖c‖) with ŷ = Π_K*(y).</item>
/// <item>gap: |p − d| / (1 + |p| + |d|), p = cᵀx + ½xᵀPx, d = −½xᵀPx − bᵀŷ (objective constant added to
/// both).</item>
/// </list>
/// A point is accepted as optimal when all three are at most the tolerance.
/// </summary>
public sealed record SolutionCheck(double PrimalResidual, double DualResidual, double Gap, double PrimalObjective, double DualObjective)
{
    public bool Within(double tolerance) =>
        PrimalResidual <= tolerance && DualResidual <= tolerance && Gap <= tolerance;

    public static SolutionCheck Compute(ConicProgram program, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int m = program.Constraints;
        var ax = program.A.Multiply(x);
        var s = new double[m];
        for (int i = 0; i < m; i++) s[i] = program.B[i] - ax[i];
        ConeProjection.ProjectPrimal(program.Cones, s);
        double pr = 0;
        for (int i = 0; i < m; i++) pr = Math.Max(pr, Math.Abs(ax[i] + s[i] - program.B[i]));
        pr /= 1 + NormInf(program.B.AsSpan());

        var yh = y.ToArray();
        ConeProjection.ProjectDual(program.Cones, yh);
        var r = program.P is null ? new double[program.Variables] : program.P.SymmetricUpperMultiply(x);
        double xpx = 0;
        for (int i = 0; i < x.Length; i++) xpx += x[i] * r[i];
        program.A.TransposeMultiplyAdd(yh, r);
        double dr = 0;
        for (int i = 0; i < r.Length; i++) dr = Math.Max(dr, Math.Abs(r[i] + program.C[i]));
        dr /= 1 + NormInf(program.C.AsSpan());

        double cx = 0, by = 0;
        for (int i = 0; i < x.Length; i++) cx += program.C[i] * x[i];
        for (int i = 0; i < m; i++) by += program.B[i] * yh[i];
        double p = cx + 0.5 * xpx + program.ObjectiveConstant;
        double d = -0.5 * xpx - by + program.ObjectiveConstant;
        double gap = Math.Abs(p - d) / (1 + Math.Abs(p) + Math.Abs(d));
        return new SolutionCheck(pr, dr, gap, p, d);
    }

    private static double NormInf(ReadOnlySpan<double> v)
    {
        double m = 0;
        foreach (var e in v) m = Math.Max(m, Math.Abs(e));
        return m;
    }
}
