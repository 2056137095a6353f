namespace ConicDsl.Backends;

/// <summary>
/// The exponential cone K = closure{(x, y, z): y &gt; 0, y·exp(x/y) ≤ z} (SCS's ordering) and its dual
/// K* = closure{(u, v, w): u &lt; 0, −u·exp(v/u) ≤ e·w}: membership and Euclidean projection.
/// <para>
/// The projection of v₀ = (r, s, t) outside K and outside the polar cone −K* splits (Moreau) as
/// v₀ = a·(ρ, 1, e^ρ) + b·(1, 1 − ρ, −e^(−ρ)) with a, b ≥ 0: the first ray is on K's boundary, the second on the
/// polar's, and the two are orthogonal exactly when the polar ray's parameter is 1 − ρ. The first two coordinates give
/// a = ((ρ − 1)r + s)/(ρ² − ρ + 1), b = (r − ρs)/(ρ² − ρ + 1), and ρ is the root of the third,
/// f(ρ) = a(ρ)·e^ρ − b(ρ)·e^(−ρ) − t = 0, on the interval where a, b ≥ 0 (Friberg 2021 shows the root is unique
/// there). It is found by bisection to machine precision (f rises from the end where a = 0 to the end where
/// b = 0), which is slower than Newton but never fails; where f is too steep for that to pin z down, a closer point of
/// K known in closed form is taken instead (Friberg's heuristic candidates).
/// </para>
/// </summary>
public static class ExponentialCone
{
    private const double RhoLimit = 700; // e^700 is still finite

    public static bool Contains(double x, double y, double z, double slack = 0)
    {
        if (y > 0) return y * Math.Exp(x / y) <= z + slack;
        return x <= slack && y >= -slack && z >= -slack;
    }

    public static bool DualContains(double u, double v, double w, double slack = 0)
    {
        if (u < 0) return -u * Math.Exp(v / u) <= Math.E * w + slack;
        return u <= slack && v >= -slack && w >= -slack;
    }

    /// <summary>Projects (x, y, z) = block[0..3] onto K in place.</summary>
    public static void Project(Span<double> block)
    {
        double r = block[0], s = block[1], t = block[2];
        if (Contains(r, s, t)) return;
        if (DualContains(-r, -s, -t))
        {
            block.Clear();
            return;
        }
        if (r <= 0 && s <= 0)
        {
            block[0] = r;
            block[1] = 0;
            block[2] = Math.Max(t, 0);
            return;
        }
        var (rho, a, b) = Root(r, s, t);
        var best = new[] { a * rho, a, a * Math.Exp(rho) };
        // Beyond ρ = 700 (data spanning e^700) the ray form overflows; the candidates below take over.
        double bestDistance = best.All(double.IsFinite) ? Distance2(best, r, s, t) : double.PositiveInfinity;
        // Where f is steep (a tiny, e^ρ huge) a root to machine precision in ρ can still miss in z; points of K that
        // are known in closed form then lie closer, and the nearest point of K among candidates is never worse.
        var candidate = new[] { Math.Min(r, 0), 0, Math.Max(t, 0) };
        Keep(candidate);
        // v minus the polar part b·(1, 1 − ρ, −e^(−ρ)), lifted in z onto K: accurate where e^(−ρ) is the small exponential.
        candidate[0] = r - b;
        candidate[1] = Math.Max(0, s - b * (1 - rho));
        candidate[2] = t + b * Math.Exp(-rho);
        if (candidate[1] > 0) candidate[2] = Math.Max(candidate[2], candidate[1] * Math.Exp(candidate[0] / candidate[1]));
        else candidate[0] = Math.Min(candidate[0], 0);
        if (candidate.All(double.IsFinite)) Keep(candidate);
        if (s > 0)
        {
            candidate[0] = r;
            candidate[1] = s;
            candidate[2] = Math.Max(t, s * Math.Exp(r / s));
            Keep(candidate);
        }
        best.CopyTo(block);

        void Keep(double[] c)
        {
            double d = Distance2(c, r, s, t);
            if (d < bestDistance)
            {
                bestDistance = d;
                c.CopyTo(best, 0);
            }
        }
    }

    private static double Distance2(ReadOnlySpan<double> p, double r, double s, double t) =>
        (p[0] - r) * (p[0] - r) + (p[1] - s) * (p[1] - s) + (p[2] - t) * (p[2] - t);

    /// <summary>Projects block[0..3] onto K* in place: Π_K*(v) = v + Π_K(−v) (Moreau).</summary>
    public static void ProjectDual(Span<double> block)
    {
        Span<double> minus = stackalloc double[] { -block[0], -block[1], -block[2] };
        Project(minus);
        for (int i = 0; i < 3; i++) block[i] += minus[i];
    }

    /// <summary>
    /// ρ and the weights a, b of the two rays. The interval where a, b ≥ 0 is [1 − s/r, r/s] when r, s &gt; 0,
    /// [1 − s/r, ∞) when r &gt; 0 ≥ s and (−∞, r/s] (or (−∞, 0] for r = 0) when r ≤ 0 &lt; s; an unbounded side is cut at
    /// ±700, where f has long changed sign unless the data are beyond e^700. In the two half-infinite cases the root
    /// can sit extremely close to the finite end, where a (or b) is tiny and multiplied by a huge e^ρ (or e^(−ρ)), so ρ
    /// is measured as a distance δ from that end: a = r·δ/(ρ² − ρ + 1) (or b = s·δ/(…)) then keeps full relative
    /// precision, which ρ itself could not.
    /// </summary>
    private static (double Rho, double A, double B) Root(double r, double s, double t)
    {
        Func<double, (double Rho, double A, double B)> at;
        double width;
        if (r > 0 && s <= 0)
        {
            double end = 1 - s / r;
            width = Math.Max(0, RhoLimit - end);
            at = delta =>
            {
                double rho = end + delta, d = rho * rho - rho + 1;
                return (rho, r * delta / d, (r - rho * s) / d);
            };
        }
        else if (r <= 0)
        {
            double end = r / s; // s > 0 here: the other cases were settled before
            width = Math.Max(0, end + RhoLimit);
            at = delta =>
            {
                double rho = end - delta, d = rho * rho - rho + 1;
                return (rho, ((rho - 1) * r + s) / d, s * delta / d);
            };
        }
        else
        {
            double lo = 1 - s / r, hi = r / s;
            width = Math.Max(0, hi - lo);
            at = delta =>
            {
                double rho = lo + delta, d = rho * rho - rho + 1;
                return (rho, Math.Max(0, ((rho - 1) * r + s) / d), Math.Max(0, (r - rho * s) / d));
            };
        }
        // f rises with ρ; in the middle case δ runs with ρ, in the second against it.
        bool rising = !(r <= 0);
        double dlo = 0, dhi = width;
        for (int k = 0; k < 2000; k++)
        {
            double mid = 0.5 * (dlo + dhi);
            if (mid <= dlo || mid >= dhi) break;
            var (rho, a, b) = at(mid);
            double f = a * Math.Exp(rho) - b * Math.Exp(-rho) - t;
            if ((f < 0) == rising) dlo = mid;
            else dhi = mid;
        }
        return at(0.5 * (dlo + dhi));
    }
}
