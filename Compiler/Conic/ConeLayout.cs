using System.Collections.Immutable;

namespace ConicDsl.Conic;

/// <summary>
/// The cone K of the standard form, a product taken in this fixed order (SCS's and Clarabel's layout):
/// the zero cone of dimension <see cref="Zero"/> (equalities), the nonnegative orthant of dimension
/// <see cref="NonNegative"/>, one second-order cone {(t, z): ‖z‖₂ ≤ t} per entry of <see cref="SecondOrder"/>
/// (its dimension, t included), then one positive semidefinite cone per entry of <see cref="Psd"/> (its matrix
/// order k). A PSD block occupies k(k+1)/2 rows holding svec(S): the lower triangle column by column with
/// off-diagonal entries multiplied by √2 (SCS's convention), so that ⟨svec A, svec B⟩ = tr(AB).
/// </summary>
public sealed record ConeLayout(int Zero, int NonNegative, ImmutableArray<int> SecondOrder, ImmutableArray<int> Psd = default)
{
    /// <summary>PSD orders, never default (an absent list means none).</summary>
    public ImmutableArray<int> Psd { get; init; } = Psd.IsDefault ? ImmutableArray<int>.Empty : Psd;

    public int Rows => Zero + NonNegative + SecondOrderRows + PsdRows;

    public int SecondOrderRows => SecondOrder.Sum();

    public int PsdRows => Psd.Sum(SvecLength);

    public bool HasPsd => Psd.Length > 0;

    public static int SvecLength(int order) => order * (order + 1) / 2;

    /// <summary>First row of each second-order cone.</summary>
    public IEnumerable<(int Start, int Dimension)> SecondOrderBlocks()
    {
        int start = Zero + NonNegative;
        foreach (var q in SecondOrder)
        {
            yield return (start, q);
            start += q;
        }
    }

    /// <summary>First row and matrix order of each PSD cone.</summary>
    public IEnumerable<(int Start, int Order)> PsdBlocks()
    {
        int start = Zero + NonNegative + SecondOrderRows;
        foreach (var k in Psd)
        {
            yield return (start, k);
            start += SvecLength(k);
        }
    }

    public bool Equals(ConeLayout? other) =>
        other is not null && Zero == other.Zero && NonNegative == other.NonNegative &&
        SecondOrder.SequenceEqual(other.SecondOrder) && Psd.SequenceEqual(other.Psd);

    public override int GetHashCode() => HashCode.Combine(Zero, NonNegative, SecondOrder.Length, Psd.Length);

    public override string ToString() =>
        $"zero {Zero}, nonneg {NonNegative}, soc {SecondOrder.Length} (rows {SecondOrderRows})" +
        (HasPsd ? $", psd {Psd.Length} (orders {string.Join(" ", Psd.GroupBy(o => o).Select(g => g.Count() == 1 ? $"{g.Key}" : $"{g.Key} x{g.Count()}"))})" : "");
}
