using System.Collections.Immutable;

namespace ConicDsl.Conic.Explanation;

/// <summary>
/// Blocks of one kind: every block whose name is the family name, possibly followed by an index such as
/// <c>norm_v[3]</c> or <c>psd[0,1]</c>. <see cref="Cone"/> names the cone the family's rows lie in ("zero", "nonneg",
/// "soc", "psd", "exp", "mixed"), or "free" for variables.
/// </summary>
public sealed record BlockFamily(string Name, int Blocks, int Size, string Cone, ImmutableArray<int> BlockSizes)
{
    /// <summary>Block sizes as "3" when all equal, "3..7" otherwise.</summary>
    public string SizeRange => BlockSizes.Min() == BlockSizes.Max() ? $"{BlockSizes[0]}" : $"{BlockSizes.Min()}..{BlockSizes.Max()}";
}
