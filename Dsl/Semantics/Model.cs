using System.Collections.Immutable;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Semantics;

/// <summary>
/// A checked model: what the user asked for, with every default filled in and every value validated.
/// It is produced only when the model file has no errors; it still knows nothing about the data's contents.
/// </summary>
public sealed record Model(
    string Name,
    string SourcePath,
    SourceSpan Span,
    DataSpec Data,
    NetworkSpec Network,
    LossSpec Loss,
    RegularizerSpec Regularizer,
    PatternSpec Patterns,
    SolverSpec Solver);

/// <summary>A column name as written in the model file.</summary>
public readonly record struct ColumnRef(string Name, SourceSpan Span);

/// <summary><c>data PATH target COLUMN [features C1, C2, …] [standardize]</c>. <see cref="Path"/> is as written
/// (relative to the model file's folder); an empty <see cref="Features"/> means "every other column".</summary>
public sealed record DataSpec(
    string Path,
    SourceSpan PathSpan,
    ColumnRef Target,
    ImmutableArray<ColumnRef> Features,
    bool Standardize,
    SourceSpan Span);

/// <summary>How the input is augmented with a constant-1 feature (math.md §2.5).</summary>
public enum BiasMode
{
    /// <summary><c>input</c>: no bias.</summary>
    None,
    /// <summary><c>input bias</c>: the bias is the last coordinate of each neuron's weights and is penalised with them.</summary>
    Regularized,
    /// <summary><c>input bias unregularized</c>: bias excluded from the penalty; a free output offset is added.</summary>
    Unregularized,
}

public abstract record LayerSpec(SourceSpan Span);

/// <summary><c>relu M</c>: a fully connected hidden ReLU layer of at most M neurons.</summary>
public sealed record ReluLayerSpec(int Width, SourceSpan Span) : LayerSpec(Span);

/// <summary>The <c>network { … }</c> block.</summary>
public sealed record NetworkSpec(BiasMode Bias, ImmutableArray<LayerSpec> Hidden, int Outputs, SourceSpan Span);

public enum LossKind
{
    /// <summary>½·Σ(ŷ − y)².</summary>
    Squared,
    /// <summary>Σ max(0, 1 − y·ŷ), labels ±1.</summary>
    Hinge,
}

public sealed record LossSpec(LossKind Kind, SourceSpan Span);

/// <summary><c>regularize weight_decay BETA</c>: (β/2)·Σ(squared weights). When the statement is absent β = 0
/// and <see cref="Span"/> is none.</summary>
public sealed record RegularizerSpec(double Beta, SourceSpan Span);

/// <summary>How the sign patterns of the hyperplane arrangement are obtained.</summary>
public abstract record PatternSpec(SourceSpan Span);

/// <summary><c>arrangements exact [limit N]</c>: every region, enumerated exactly; refused above <see cref="Limit"/> patterns.</summary>
public sealed record ExactPatterns(long Limit, SourceSpan Span) : PatternSpec(Span)
{
    public const long DefaultLimit = 100_000;
}

/// <summary><c>arrangements sample N [seed S]</c>: N Gaussian gates drawn with seed S (default 0).</summary>
public sealed record SampledPatterns(int Count, int Seed, SourceSpan Span) : PatternSpec(Span);

/// <summary>One <c>name value</c> pair of the solve statement; numbers are parsed, words kept as text.</summary>
public sealed record SolverOption(string Name, SourceSpan NameSpan, string RawValue, double? Number, SourceSpan ValueSpan);

/// <summary><c>solve BACKEND [option value]…</c>; absent means <c>solve native</c>.</summary>
public sealed record SolverSpec(string Backend, SourceSpan BackendSpan, ImmutableArray<SolverOption> Options, SourceSpan Span)
{
    public double? Number(string option) => Options.FirstOrDefault(o => o.Name == option)?.Number;
}
