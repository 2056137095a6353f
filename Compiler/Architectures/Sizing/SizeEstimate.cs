using ConicDsl.Conic;

namespace ConicDsl.Compiler.Architectures.Sizing;

/// <summary>
/// What a model will cost before its program is built (docs/robustness.md, "Size guard"): the program's shape and the
/// memory of the stages that lead to it. Before pattern enumeration <see cref="Patterns"/> is the count asked for
/// (<c>sample N</c>) or the bound on the exact count, and nonzeros are counted as if every mask were all ones (an upper
/// bound); once the patterns exist every count except <see cref="ProgramShape.KktEntries"/> (a bound by construction)
/// is the built program's, exactly.
/// </summary>
/// <param name="Patterns">The pattern count the estimate is for.</param>
/// <param name="PatternsKnown">Whether the patterns exist (exact counts) or only their requested or bounded number.</param>
/// <param name="DataBytes">The bound data: features and targets.</param>
/// <param name="MaskBytes">The pattern set: one bit per sample and pattern, plus one witness (gate) per pattern.</param>
/// <param name="LoweringBytes">What lowering allocates: the design matrix copy, the plug-in's per-pattern maps, and the
/// builder's entry lists and the finished program (<see cref="BuilderBytesPerNonZero"/>).</param>
/// <param name="FirstOrderBytes">The structured first-order route's memory (<see cref="FirstOrderSize"/>), for plug-ins
/// that offer it; it replaces the interior-point backend's footprint when that route is taken.</param>
public sealed record SizeEstimate(
    ProgramShape Program, long Patterns, bool PatternsKnown, long DataBytes, long MaskBytes, long LoweringBytes,
    long? FirstOrderBytes = null)
{
    /// <summary>
    /// Bytes allocated per nonzero while <see cref="ConicProgramBuilder"/> lowers and builds: the row groups' entry lists
    /// (16 B per (row, variable, value), up to 32 B with list growth), the build's triplet list (the same), its sorted
    /// copy (16 B), the CSC lists (12 B, up to 24 B) and the immutable CSC (12 B): 116 B at most, of which the garbage
    /// of list growth is collectable. Checked against the runtime's allocation count in SizeEstimateTests.
    /// </summary>
    public const long BuilderBytesPerNonZero = 116;

    /// <summary>Everything before the backend starts, summed (the stages' peaks are added, not overlapped: an
    /// over-estimate of the simultaneous peak).</summary>
    public long CompileBytes => DataBytes + MaskBytes + LoweringBytes;

    /// <summary>The builder's share of lowering: <see cref="BuilderBytesPerNonZero"/> per nonzero, and b and c (list and
    /// array, 16 B per row and variable).</summary>
    public static long BuilderBytes(ProgramShape shape) =>
        BuilderBytesPerNonZero * shape.TotalNonZeros + 16 * (shape.Rows + shape.Variables);

    /// <summary>The pattern set's storage for p patterns over n samples with d-dimensional witnesses.</summary>
    public static long PatternSetBytes(long p, long n, long d) => p * (8 * ((n + 63) / 64) + 8 * d);

    /// <summary>The bound data set: n rows of features and outputs.</summary>
    public static long DatasetBytes(long n, long features, long outputs) => 8 * n * (features + outputs);
}
