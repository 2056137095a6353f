using System.Numerics;

namespace ConicDsl.Compiler.Patterns;

/// <summary>
/// The general-position bound on the number of regions, computed before any solver work so that an exact
/// enumeration that could not finish is refused with a number the user can act on.
/// </summary>
public sealed record ExactCountEstimate(BigInteger Bound, int Rank, int ReducedRows, int Samples, long Limit)
{
    public double BoundAsDouble => (double)Bound;
    public bool ExceedsLimit => Bound > Limit;

    public override string ToString() =>
        $"exact enumeration bound 2·Σ_(k<{Rank}) C({ReducedRows}−1, k) = {Bound} regions " +
        $"({Samples} samples, {ReducedRows} distinct hyperplanes, rank {Rank}); limit {Limit}";
}
