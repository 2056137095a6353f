namespace ConicDsl.Backends.Native;

/// <summary>Which LDLᵀ factors the reduced KKT matrix (<see cref="InteriorPointSettings.Factorization"/>).</summary>
public enum KktFactorization
{
    /// <summary>The rule of <see cref="KktFactorizationChoice"/>.</summary>
    Auto,
    Dense,
    Sparse,
}

/// <summary>
/// Picks the dense or the sparse LDLᵀ for a reduced KKT matrix of a given pattern. Rule (Auto):
/// <list type="number">
/// <item>order below <see cref="SmallOrder"/>: dense. Its factorization then costs at most ~0.1 s per iteration, and
/// small programs keep the results of the established path: the iterates agree to rounding, but recovery's neuron
/// pruning is accepted only when the pruned network's objective rises by at most 1e-9 relative, and rounding moves
/// that rise across the line (Examples/xor_gated.cnn: +3.2e-10 after the dense path, pruned to 21 units; +1.1e-9 after
/// the sparse one, pruning refused, 124 units).</item>
/// <item>pattern denser than <see cref="DensePatternFraction"/> of the lower triangle: dense (no fill to save, and the
/// dense kernel is vectorised and parallel);</item>
/// <item>otherwise order by <see cref="MinimumDegreeOrdering"/>, count the fill, and take the sparse factorization when
/// its multiply-adds Σ_c |L_c|² are at most <see cref="SparseWorkFraction"/> of the dense ones, n³/3 (set when the
/// sparse kernel was scalar; the supernodal one runs its large blocks through GEMM too, so the fraction is conservative
/// and has not been re-measured); dense when the ordering gives up.</item>
/// </list>
/// Forced Dense or Sparse skips the rule (a forced sparse factorization whose ordering gives up keeps the given order).
/// </summary>
internal static class KktFactorizationChoice
{
    public const int SmallOrder = 1000;
    public const double DensePatternFraction = 0.25;
    public const double SparseWorkFraction = 1.0 / 8;

    public static IKktFactorization Create(int size, Func<KktPattern> pattern, KktFactorization mode, out string description)
    {
        if (mode == KktFactorization.Dense || (mode == KktFactorization.Auto && size < SmallOrder))
        {
            description = $"dense LDLᵀ of order {size}";
            return new DenseLdl(size);
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var p = pattern();
        double patternSeconds = clock.Elapsed.TotalSeconds;
        double lowerTriangle = 0.5 * size * (size + 1.0);
        if (mode == KktFactorization.Auto && p.Count > DensePatternFraction * lowerTriangle)
        {
            description = $"dense LDLᵀ of order {size} (pattern {p.Count / lowerTriangle:P0} full)";
            return new DenseLdl(size);
        }
        var entries = p.Entries();
        clock.Restart();
        var order = MinimumDegreeOrdering.Order(size, entries);
        double orderingSeconds = clock.Elapsed.TotalSeconds;
        if (order is null && mode == KktFactorization.Auto)
        {
            description = $"dense LDLᵀ of order {size} (minimum-degree ordering over its work budget)";
            return new DenseLdl(size);
        }
        clock.Restart();
        var sparse = new SupernodalLdl(size, entries, order ?? Enumerable.Range(0, size).ToArray());
        double symbolicSeconds = clock.Elapsed.TotalSeconds;
        double denseWork = (double)size * size * size / 3;
        if (mode == KktFactorization.Auto && sparse.FactorWork > SparseWorkFraction * denseWork)
        {
            description = $"dense LDLᵀ of order {size} (sparse fill {sparse.FactorNonZeros} too large)";
            return new DenseLdl(size);
        }
        description = $"sparse LDLᵀ of order {size}: {p.Count} entries, {sparse.FactorNonZeros} in L, {sparse.Supernodes} supernodes " +
                      $"({(order is null ? "given order" : "minimum degree")}; pattern {patternSeconds:f2} s, ordering {orderingSeconds:f2} s, " +
                      $"symbolic {symbolicSeconds:f2} s, {sparse.FactorWork:e2} multiply-adds per factorization)";
        return sparse;
    }
}
