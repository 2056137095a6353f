namespace ConicDsl.Backends.Native;

/// <summary>
/// Jordan-algebra arithmetic on one second-order cone {(t, z): ‖z‖ ≤ t}, with identity e = (1, 0, …, 0).
/// Formulas: u∘v = (uᵀv, u₀v₁ + v₀u₁); det u = u₀² − ‖u₁‖².
/// </summary>
internal static class SocMath
{
    public static double TailNorm(ReadOnlySpan<double> u)
    {
        double s = 0;
        for (int i = 1; i < u.Length; i++) s += u[i] * u[i];
        return Math.Sqrt(s);
    }

    /// <summary>u₀² − ‖u₁‖² written as a product, which loses far less to cancellation near the boundary.</summary>
    public static double Det(ReadOnlySpan<double> u)
    {
        double t = TailNorm(u);
        return (u[0] - t) * (u[0] + t);
    }

    public static double MinEigenvalue(ReadOnlySpan<double> u) => u[0] - TailNorm(u);

    public static void JordanProduct(ReadOnlySpan<double> u, ReadOnlySpan<double> v, Span<double> r)
    {
        double dot = 0;
        for (int i = 0; i < u.Length; i++) dot += u[i] * v[i];
        double u0 = u[0], v0 = v[0];
        for (int i = 1; i < u.Length; i++) r[i] = u0 * v[i] + v0 * u[i];
        r[0] = dot;
    }

    /// <summary>Solves λ∘r = d for r (λ in the interior, so arrow(λ) is invertible).</summary>
    public static void JordanDivide(ReadOnlySpan<double> lambda, ReadOnlySpan<double> d, Span<double> r)
    {
        double l0 = lambda[0];
        double tailDot = 0;
        for (int i = 1; i < lambda.Length; i++) tailDot += lambda[i] * d[i];
        double r0 = (l0 * d[0] - tailDot) / Det(lambda);
        for (int i = 1; i < lambda.Length; i++) r[i] = (d[i] - r0 * lambda[i]) / l0;
        r[0] = r0;
    }

    /// <summary>
    /// Largest α ≥ 0 with u + αd in the cone (u interior); +∞ when the ray never leaves it.
    /// Both conditions are needed: det(u + αd) ≥ 0 alone also admits the negative cone.
    /// </summary>
    public static double MaxStep(ReadOnlySpan<double> u, ReadOnlySpan<double> d)
    {
        double limit = double.PositiveInfinity;
        if (d[0] < 0) limit = -u[0] / d[0];

        // det(u + αd) = aα² + 2bα + c with c > 0.
        double a = d[0] * d[0], b = u[0] * d[0], c = Det(u);
        for (int i = 1; i < u.Length; i++)
        {
            a -= d[i] * d[i];
            b -= u[i] * d[i];
        }
        double root = SmallestPositiveRoot(a, b, c);
        return Math.Min(limit, root);
    }

    private static double SmallestPositiveRoot(double a, double b, double c)
    {
        if (a == 0) return b < 0 ? -c / (2 * b) : double.PositiveInfinity;
        double disc = b * b - a * c;
        if (disc < 0) return double.PositiveInfinity; // only possible for a > 0: the quadratic stays positive
        double sq = Math.Sqrt(disc);
        // The two roots via the cancellation-free pair t/a and c/t.
        double t = -(b + (b >= 0 ? sq : -sq));
        double r1 = t / a;
        double r2 = t != 0 ? c / t : double.PositiveInfinity;
        double best = double.PositiveInfinity;
        if (r1 > 0) best = Math.Min(best, r1);
        if (r2 > 0) best = Math.Min(best, r2);
        return best;
    }
}
