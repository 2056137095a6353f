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

/// <summary><c>data PATH target COLUMN [, COLUMN …] [features C1, C2, …] [standardize]</c>. <see cref="Path"/> is as
/// written (relative to the model file's folder); an empty <see cref="Features"/> means "every other column".
/// <see cref="MoreTargets"/>: target columns after the first, one per output of a vector-output network (math.md §7).</summary>
public sealed record DataSpec(
    string Path,
    SourceSpan PathSpan,
    ColumnRef Target,
    ImmutableArray<ColumnRef> Features,
    bool Standardize,
    SourceSpan Span,
    ImmutableArray<ColumnRef> MoreTargets = default)
{
    /// <summary>Every target column, in the order written.</summary>
    public ImmutableArray<ColumnRef> TargetColumns =>
        MoreTargets.IsDefaultOrEmpty ? [Target] : MoreTargets.Insert(0, Target);
}

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

public enum InputShape
{
    /// <summary><c>input [bias [unregularized]]</c>: a plain feature vector (every feature column).</summary>
    Vector,
    /// <summary><c>input signal LENGTH [channels C]</c>.</summary>
    Signal,
    /// <summary><c>input image HEIGHT WIDTH [channels C]</c>.</summary>
    Image,
}

/// <summary>
/// How each data row is read. Signals and images are channel-first and row-major: feature column
/// <c>c·H·W + r·W + w</c> holds channel c, row r, column w (a signal is an image of height 1, so column
/// <c>c·L + a</c> holds channel c, position a). <see cref="Dimensions"/> is empty for vectors, [L] for signals,
/// [H, W] for images.
/// </summary>
public sealed record InputSpec(InputShape Shape, ImmutableArray<int> Dimensions, int Channels, BiasMode Bias, SourceSpan Span)
{
    /// <summary>Positions per channel (L, or H·W); 0 for vectors, whose length comes from the data.</summary>
    public int Positions => Dimensions.IsEmpty ? 0 : Dimensions.Aggregate(1, (a, b) => a * b);

    /// <summary>Feature columns the data must have; null for vectors (any number).</summary>
    public int? FeatureCount => Shape == InputShape.Vector ? null : Positions * Channels;

    public static InputSpec Vector(BiasMode bias, SourceSpan span) => new(InputShape.Vector, ImmutableArray<int>.Empty, 1, bias, span);
}

public abstract record LayerSpec(SourceSpan Span);

/// <summary><c>relu M</c>: a fully connected hidden ReLU layer of at most M neurons.</summary>
public sealed record ReluLayerSpec(int Width, SourceSpan Span) : LayerSpec(Span);

/// <summary><c>gated_relu M</c>: a fully connected hidden gated-ReLU layer, unit i computing 1[x̃ᵀg_i ≥ 0]·(x̃ᵀu_i)
/// with a gate g_i fixed by the model's <c>arrangements</c> statement (math.md §2.6). M is the declared width, as for
/// <c>relu M</c>; the gates are one per pattern.</summary>
public sealed record GatedReluLayerSpec(int Width, SourceSpan Span) : LayerSpec(Span);

/// <summary><c>quadratic M [coefficients A B C]</c>: a fully connected hidden layer of at most M neurons with the polynomial
/// activation σ(t) = A·t² + B·t + C (math.md §8); unit-norm input weights, output weights penalised by β·Σ|α_j|.
/// Without the clause σ(t) = t².</summary>
public sealed record QuadraticLayerSpec(int Width, double A, double B, double C, SourceSpan Span) : LayerSpec(Span)
{
    public const double DefaultA = 1, DefaultB = 0, DefaultC = 0;
}

/// <summary>Whether a convolution's filters are shared across positions, circular, or per position.</summary>
public enum ConvKind
{
    /// <summary><c>conv filters …</c>: one filter slid over the input (valid positions, no padding).</summary>
    Shared,
    /// <summary><c>conv circular filters …</c>: circular correlation, the input wrapped around.</summary>
    Circular,
    /// <summary><c>conv local filters …</c>: locally connected, a separate filter at each position.</summary>
    Local,
}

/// <summary><c>conv [circular|local] filters M size K [K2] [stride S] [unit_norm] [relu]</c>.
/// <see cref="Size"/> has one entry for signals and two (height, width) for images.
/// <see cref="UnitNorm"/>: filters constrained to ‖c‖ ≤ 1 and left out of the weight decay.</summary>
public sealed record ConvLayerSpec(
    ConvKind Kind, int Filters, ImmutableArray<int> Size, int Stride, bool UnitNorm, bool Relu, SourceSpan Span)
    : LayerSpec(Span);

public enum PoolKind { Sum, Mean, Max }

/// <summary><c>pool sum|mean|max</c>: global pooling over all positions of each filter's output.</summary>
public sealed record PoolLayerSpec(PoolKind Kind, SourceSpan Span) : LayerSpec(Span);

/// <summary><c>dense relu</c>: per filter, a fully connected map of its whole output to one unit, then ReLU.</summary>
public sealed record DenseReluLayerSpec(SourceSpan Span) : LayerSpec(Span);

/// <summary>
/// The program family a network block resolved to, decided once by the checker so the compiler never guesses.
/// Each has its lowering in the compiler (docs/architectures.md).
/// </summary>
public abstract record ArchitectureSpec
{
    /// <summary>The number of hidden units the user declared (neurons, filters or sub-networks).</summary>
    public abstract int Width { get; }
}

/// <summary><c>input [bias], relu M, output 1</c> — math.md §2.</summary>
public sealed record FullyConnectedArchitecture(ReluLayerSpec Layer) : ArchitectureSpec
{
    public override int Width => Layer.Width;
}

/// <summary><c>input [bias], relu M, output C</c> with C ≥ 2 — math.md §7: f(x) = Σ_j (x̃ᵀu_j)_+ v_jᵀ, v_j ∈ R^C.
/// Its exact program is copositive (§7.1, not tractable); the compiler lowers the nuclear-norm relaxation (§7.2(1)),
/// a lower bound, which is why the network block must say <c>relaxation</c>. <see cref="Tightened"/>
/// (<c>relaxation tight</c>): add §7.2(2)'s constraints K_i A_i K_iᵀ ≥ 0, a tighter bound for small data.
/// <see cref="L1Output"/> (<c>regularize weight_decay_l1_output</c>): the penalty (β/2)Σ(‖u_j‖² + ‖v_j‖₁²), whose
/// program is an exact SOCP (§7.4), so no <c>relaxation</c> is needed.</summary>
public sealed record VectorOutputArchitecture(ReluLayerSpec Layer, int Outputs, bool Tightened = false, bool L1Output = false)
    : ArchitectureSpec
{
    public override int Width => Layer.Width;
}

/// <summary><c>input [bias], gated_relu M, output 1</c> — math.md §2.6: gates fixed by the pattern source (sampled
/// Gaussian gates, or one interior point per region), an unconstrained group lasso.</summary>
public sealed record GatedReluArchitecture(GatedReluLayerSpec Layer) : ArchitectureSpec
{
    public override int Width => Layer.Width;
}

/// <summary><c>input [bias], quadratic M [coefficients A B C], output 1</c> — math.md §8: f(x) = Σ_j σ(x̃ᵀu_j)·α_j with
/// ‖u_j‖ = 1 (the bias weight included) and the penalty β·Σ|α_j|; lowered to an SDP with two PSD blocks.</summary>
public sealed record QuadraticArchitecture(QuadraticLayerSpec Layer) : ArchitectureSpec
{
    public override int Width => Layer.Width;
}

/// <summary><c>input signal|image, conv filters M size K [stride S] relu, pool sum|mean|max, output 1</c> — math.md §4.</summary>
public sealed record TwoLayerCnnArchitecture(ConvLayerSpec Conv, PoolLayerSpec Pool) : ArchitectureSpec
{
    public override int Width => Conv.Filters;
}

/// <summary>
/// Circular CNNs, math.md §5. <see cref="Convs"/>: the circular layers (full-length filters). With
/// <see cref="Relu"/> (<c>dense relu</c> follows) one layer is §5.5 (exact) and two or more are §5.6 (a lower
/// bound, accepted only under <c>relaxation</c>); without it the network is linear, §5.4 (exact).
/// </summary>
public sealed record CircularCnnArchitecture(ImmutableArray<ConvLayerSpec> Convs, bool Relu) : ArchitectureSpec
{
    public override int Width => Convs[0].Filters;

    /// <summary>L: layers counting the dense and output layers.</summary>
    public int Depth => Convs.Length + (Relu ? 2 : 1);
}

/// <summary><c>conv [local] filters M size K [stride S] unit_norm relu, dense relu, output 1</c> — math.md §6:
/// <see cref="ConvKind.Local"/> is E2 (exact), <see cref="ConvKind.Shared"/> is E1 (nuclear-norm lower bound,
/// exact when the solution's blocks are rank one).</summary>
public sealed record ThreeLayerCnnArchitecture(ConvLayerSpec Conv) : ArchitectureSpec
{
    public override int Width => Conv.Filters;
}

/// <summary>The <c>network { … }</c> block. <see cref="Relaxation"/>: the user accepted a program that is only a
/// lower bound (the <c>relaxation</c> statement).</summary>
public sealed record NetworkSpec(
    InputSpec Input, ImmutableArray<LayerSpec> Hidden, int Outputs, bool Relaxation, ArchitectureSpec Architecture,
    SourceSpan Span)
{
    public BiasMode Bias => Input.Bias;
}

public enum LossKind
{
    /// <summary>½·Σ(ŷ − y)².</summary>
    Squared,
    /// <summary>Σ max(0, 1 − y·ŷ), labels ±1.</summary>
    Hinge,
    /// <summary>Σ |ŷ − y|.</summary>
    Absolute,
    /// <summary>Σ huber_δ(ŷ − y): ½r² for |r| ≤ δ, δ(|r| − ½δ) otherwise.</summary>
    Huber,
    /// <summary>Σ log(1 + exp(−y·ŷ)), labels ±1; needs the exponential cone.</summary>
    Logistic,
}

/// <summary><c>loss NAME [delta D]</c>. <see cref="Delta"/>: the Huber threshold δ (default 1; only huber uses it).</summary>
public sealed record LossSpec(LossKind Kind, SourceSpan Span, double Delta = LossSpec.DefaultDelta)
{
    public const double DefaultDelta = 1.0;
}

/// <summary>What the coefficient β of the <c>regularize</c> statement multiplies.</summary>
public enum RegularizerKind
{
    /// <summary><c>weight_decay</c>: (β/2)·Σ(squared Euclidean norms of the weights).</summary>
    WeightDecay,
    /// <summary><c>l1_output</c>: β·Σ_j|α_j|, the output weights only; the input weights are norm-constrained instead
    /// (the quadratic-activation network, math.md §8.1).</summary>
    L1Output,
    /// <summary><c>weight_decay_l1_output</c>: (β/2)·Σ_j(‖u_j‖² + ‖v_j‖₁²), the output weights' ℓ1 norm squared
    /// (math.md §7.4); differs from weight decay only with vector outputs, where its program is exact.</summary>
    WeightDecayL1Output,
}

/// <summary><c>regularize weight_decay|l1_output|weight_decay_l1_output BETA</c>. When the statement is absent β = 0
/// and <see cref="Span"/> is none. With <c>path FROM .. TO steps N</c>, <see cref="Path"/> is set and
/// <see cref="Beta"/> is the path's first β (what <c>compile</c> writes).</summary>
public sealed record RegularizerSpec(double Beta, SourceSpan Span, RegularizerKind Kind = RegularizerKind.WeightDecay,
    RegularizationPath? Path = null)
{
    /// <summary>The name as written in a model file.</summary>
    public string Name => Kind switch
    {
        RegularizerKind.L1Output => KnownNames.L1Output,
        RegularizerKind.WeightDecayL1Output => KnownNames.WeightDecayL1Output,
        _ => KnownNames.WeightDecay,
    };
}

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
