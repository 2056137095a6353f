using System.Collections.Immutable;

namespace ConicDsl.Conic;

/// <summary>
/// The cone K of the standard form, a product taken in this fixed order (SCS's and Clarabel's layout):
/// the zero cone of dimension <see cref="Zero"/> (equalities), the nonnegative orthant of dimension
/// <see cref="NonNegative"/>, then one second-order cone {(t, z): ‖z‖₂ ≤ t} per entry of
/// <see cref="SecondOrder"/>, whose value is that cone's dimension (t included).
/// Exponential and PSD cones are reserved for later versions.
/// </summary>
public sealed record ConeLayout(int Zero, int NonNegative, ImmutableArray<int> SecondOrder)
{
    public int Rows => Zero + NonNegative + SecondOrder.Sum();

    public int SecondOrderRows => SecondOrder.Sum();

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

    public override string ToString() =>
        $"zero {Zero}, nonneg {NonNegative}, soc {SecondOrder.Length} (rows {SecondOrderRows})";
}
