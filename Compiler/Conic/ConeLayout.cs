using System.Collections.Immutable;

namespace ConicDsl.Conic;

/// <summary>
/// The cone K of the standard form, a product taken in this fixed order (SCS's and Clarabel's layout):
/// the zero cone of dimension <see cref="Zero"/> (equalities), the nonnegative orthant of dimension
/// <see cref="NonNegative"/>, one second-order cone {(t, z): ‖z‖₂ ≤ t} per entry of <see cref="SecondOrder"/>
/// (its dimension, t included), then one positive semidefinite cone per entry of <see cref="Psd"/> (its matrix
/// order k). A PSD block occupies k(k+1)/2 rows holding svec(S): the lower triangle column by column with
/// off-diagonal entries multiplied by √2 (SCS's convention), so that ⟨svec A, svec B⟩ = tr(AB), then
/// <see cref="Exponential"/> exponential cones of three rows each, in SCS's ordering (x, y, z):
/// K_exp = closure{(x, y, z): y &gt; 0, y·exp(x/y) ≤ z} = {y &gt; 0, y·e^(x/y) ≤ z} ∪ {x ≤ 0, y = 0, z ≥ 0}.
/// Its dual is K_exp* = closure{(u, v, w): u &lt; 0, −u·exp(v/u) ≤ e·w}. SCS places exponential cones after the PSD
/// cones, and so does this layout; CBF writes the triple reversed (<see cref="Formats.CbfFormat"/>).
/// </summary>
public sealed record ConeLayout(int Zero, int NonNegative, ImmutableArray<int> SecondOrder, ImmutableArray<int> Psd = default, int Exponential = 0)
{
    /// <summary>PSD orders, never default (an absent list means none).</summary>
    public ImmutableArray<int> Psd { get; init; } = Psd.IsDefault ? ImmutableArray<int>.Empty : Psd;

    public int Rows => Zero + NonNegative + SecondOrderRows + PsdRows + ExponentialRows;

    public int ExponentialRows => 3 * Exponential;

    public bool HasExponential => Exponential > 0;

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

    /// <summary>First row of each exponential cone (rows start, start + 1, start + 2 hold x, y, z).</summary>
    public IEnumerable<int> ExponentialBlocks()
    {
        int start = Zero + NonNegative + SecondOrderRows + PsdRows;
        for (int k = 0; k < Exponential; k++) yield return start + 3 * k;
    }

    public bool Equals(ConeLayout? other) =>
        other is not null && Zero == other.Zero && NonNegative == other.NonNegative &&
        SecondOrder.SequenceEqual(other.SecondOrder) && Psd.SequenceEqual(other.Psd) && Exponential == other.Exponential;

    public override int GetHashCode() => HashCode.Combine(Zero, NonNegative, SecondOrder.Length, Psd.Length, Exponential);

    public override string ToString() =>
        $"zero {Zero}, nonneg {NonNegative}, soc {SecondOrder.Length} (rows {SecondOrderRows})" +
        (HasPsd ? $", psd {Psd.Length} (orders {string.Join(" ", Psd.GroupBy(o => o).Select(g => g.Count() == 1 ? $"{g.Key}" : $"{g.Key} x{g.Count()}"))})" : "") +
        (HasExponential ? $", exp {Exponential}" : "");
}
