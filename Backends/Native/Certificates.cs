using ConicDsl.Conic;

namespace ConicDsl.Backends.Native;

/// <summary>
/// Independent checks of infeasibility certificates on the original data, after normalization, so that a status of
/// Infeasible or Unbounded never rests on the iteration's own bookkeeping.
/// </summary>
public static class Certificates
{
    /// <summary>
    /// Primal infeasibility (Farkas): ŷ = Π_K*(y) / (−bᵀΠ_K*(y)) with bᵀŷ = −1 and ‖Aᵀŷ‖∞ ≤ tolerance.
    /// Returns the normalized ŷ and ‖Aᵀŷ‖∞, or null when y is not such a certificate.
    /// </summary>
    public static (double[] Y, double Residual)? PrimalInfeasibility(ConicProgram program, ReadOnlySpan<double> y, double tolerance)
    {
        var yh = y.ToArray();
        ConeProjection.ProjectDual(program.Cones, yh);
        double by = 0;
        for (int i = 0; i < yh.Length; i++) by += program.B[i] * yh[i];
        if (!(by < 0)) return null;
        for (int i = 0; i < yh.Length; i++) yh[i] /= -by;
        double res = KktSystem.NormInf(program.A.TransposeMultiply(yh));
        return res <= tolerance ? (yh, res) : null;
    }

    /// <summary>
    /// Dual infeasibility (unboundedness): x̂ = x / (−cᵀx) with cᵀx̂ = −1, ‖Px̂‖∞ ≤ tolerance and −Ax̂ within
    /// tolerance (∞-norm) of K, i.e. a recession direction along which the objective decreases.
    /// Returns x̂, the slack ŝ = Π_K(−Ax̂) and the larger of the two residuals, or null.
    /// </summary>
    public static (double[] X, double[] S, double Residual)? DualInfeasibility(ConicProgram program, ReadOnlySpan<double> x, double tolerance)
    {
        double cx = 0;
        for (int i = 0; i < x.Length; i++) cx += program.C[i] * x[i];
        if (!(cx < 0)) return null;
        var xh = x.ToArray();
        for (int i = 0; i < xh.Length; i++) xh[i] /= -cx;
        double pres = 0;
        if (program.P is { } p)
        {
            var px = new double[xh.Length];
            KktSystem.SymmetricUpperMultiplyAdd(p, xh, px, 1);
            pres = KktSystem.NormInf(px);
        }
        var ax = program.A.Multiply(xh);
        var sh = new double[ax.Length];
        for (int i = 0; i < ax.Length; i++) sh[i] = -ax[i];
        ConeProjection.ProjectPrimal(program.Cones, sh);
        double ares = 0;
        for (int i = 0; i < ax.Length; i++) ares = Math.Max(ares, Math.Abs(ax[i] + sh[i]));
        double res = Math.Max(pres, ares);
        return res <= tolerance ? (xh, sh, res) : null;
    }
}
