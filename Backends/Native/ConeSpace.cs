using ConicDsl.Conic;

namespace ConicDsl.Backends.Native;

/// <summary>
/// Cone-wise operations on full-length row vectors (length m). Zero-cone rows carry no slack and a free dual,
/// so every operation here leaves them alone (or writes 0); the nonnegative, second-order and PSD rows take part
/// (PSD blocks in svec coordinates, <see cref="PsdMath"/>). Exponential cones have no Jordan algebra: the Jordan
/// operations write 0 on their rows and the step bounds ignore them; the solver treats them itself
/// (<see cref="ExpScaling"/>).
/// </summary>
internal sealed class ConeSpace
{
    public ConeSpace(ConeLayout layout)
    {
        Zero = layout.Zero;
        NonNegative = layout.NonNegative;
        Rows = layout.Rows;
        Soc = layout.SecondOrderBlocks().ToArray();
        Psd = layout.PsdBlocks().ToArray();
        Exp = layout.ExponentialBlocks().ToArray();
        Degree = NonNegative + Soc.Length + layout.Psd.Sum() + 3 * Exp.Length;
    }

    public int Rows { get; }
    public int Zero { get; }
    public int NonNegative { get; }
    public (int Start, int Dimension)[] Soc { get; }
    public (int Start, int Order)[] Psd { get; }
    /// <summary>First row of each exponential cone.</summary>
    public int[] Exp { get; }

    /// <summary>Barrier degree ν: one per orthant row, one per second-order cone, k per PSD cone of order k, 3 per
    /// exponential cone.</summary>
    public int Degree { get; }

    public int ConeStart => Zero;

    public double ConeDot(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        double d = 0;
        for (int i = Zero; i < Rows; i++) d += u[i] * v[i];
        return d;
    }

    public void JordanProduct(ReadOnlySpan<double> u, ReadOnlySpan<double> v, Span<double> r)
    {
        r[..Zero].Clear();
        for (int i = Zero; i < Zero + NonNegative; i++) r[i] = u[i] * v[i];
        foreach (var (s, q) in Soc) SocMath.JordanProduct(u.Slice(s, q), v.Slice(s, q), r.Slice(s, q));
        foreach (var (s, k) in Psd) PsdMath.JordanProduct(u.Slice(s, Len(k)), v.Slice(s, Len(k)), r.Slice(s, Len(k)), k);
        foreach (var s in Exp) r.Slice(s, 3).Clear();
    }

    private static int Len(int order) => ConeLayout.SvecLength(order);

    /// <summary>r with λ∘r = d.</summary>
    public void JordanDivide(ReadOnlySpan<double> lambda, ReadOnlySpan<double> d, Span<double> r)
    {
        r[..Zero].Clear();
        for (int i = Zero; i < Zero + NonNegative; i++) r[i] = d[i] / lambda[i];
        foreach (var (s, q) in Soc) SocMath.JordanDivide(lambda.Slice(s, q), d.Slice(s, q), r.Slice(s, q));
        foreach (var (s, k) in Psd) PsdMath.JordanDivide(lambda.Slice(s, Len(k)), d.Slice(s, Len(k)), r.Slice(s, Len(k)), k);
        foreach (var s in Exp) r.Slice(s, 3).Clear();
    }

    /// <summary>v ← v + a·e on the cone rows.</summary>
    public void AddIdentity(Span<double> v, double a)
    {
        for (int i = Zero; i < Zero + NonNegative; i++) v[i] += a;
        foreach (var (s, _) in Soc) v[s] += a;
        foreach (var (s, k) in Psd) PsdMath.AddIdentity(v.Slice(s, Len(k)), k, a);
    }

    public double MinEigenvalue(ReadOnlySpan<double> v)
    {
        double m = double.PositiveInfinity;
        for (int i = Zero; i < Zero + NonNegative; i++) m = Math.Min(m, v[i]);
        foreach (var (s, q) in Soc) m = Math.Min(m, SocMath.MinEigenvalue(v.Slice(s, q)));
        foreach (var (s, k) in Psd) m = Math.Min(m, PsdMath.MinEigenvalue(v.Slice(s, Len(k)), k));
        return m;
    }

    /// <summary>Largest α with u + αd still in the cone (u interior); +∞ if unlimited.</summary>
    public double MaxStep(ReadOnlySpan<double> u, ReadOnlySpan<double> d)
    {
        double alpha = double.PositiveInfinity;
        for (int i = Zero; i < Zero + NonNegative; i++)
            if (d[i] < 0) alpha = Math.Min(alpha, -u[i] / d[i]);
        foreach (var (s, q) in Soc) alpha = Math.Min(alpha, SocMath.MaxStep(u.Slice(s, q), d.Slice(s, q)));
        foreach (var (s, k) in Psd) alpha = Math.Min(alpha, PsdMath.MaxStep(u.Slice(s, Len(k)), d.Slice(s, Len(k)), k));
        return alpha;
    }

    /// <summary>
    /// Moves a starting vector into the interior: when its smallest eigenvalue is below 1 the whole vector is shifted
    /// along e so that it becomes 1, which keeps the start well away from the boundary at unit scale.
    /// </summary>
    public void ShiftToInterior(Span<double> v)
    {
        if (Degree == 0) return;
        double m = MinEigenvalue(v);
        if (m < 1) AddIdentity(v, 1 - m);
    }
}
