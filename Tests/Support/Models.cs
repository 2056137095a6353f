using System.Collections.Immutable;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Tests.Support;

/// <summary>Builds checked models directly (bypassing the parser) for compiler tests.</summary>
public static class Models
{
    public static Model TwoLayer(string modelPath, string dataFile, string target, LossKind loss = LossKind.Squared,
        double beta = 0.1, BiasMode bias = BiasMode.Regularized, int width = 16, PatternSpec? patterns = null,
        bool standardize = false, params string[] features)
    {
        var none = SourceSpan.None(modelPath);
        return new Model(
            "test", modelPath, none,
            new DataSpec(dataFile, new SourceSpan(modelPath, 2, 8, dataFile.Length + 2), new ColumnRef(target, new SourceSpan(modelPath, 2, 30, target.Length)),
                features.Select(f => new ColumnRef(f, new SourceSpan(modelPath, 2, 40, f.Length))).ToImmutableArray(), standardize, new SourceSpan(modelPath, 2, 3, 4)),
            Network(InputSpec.Vector(bias, none), new FullyConnectedArchitecture(new ReluLayerSpec(width, none))),
            new LossSpec(loss, none),
            new RegularizerSpec(beta, none),
            patterns ?? new ExactPatterns(ExactPatterns.DefaultLimit, new SourceSpan(modelPath, 5, 3, 12)),
            new SolverSpec("native", none, ImmutableArray<SolverOption>.Empty, none));
    }

    /// <summary>A <c>gated_relu</c> model over <paramref name="dataFile"/> (math.md §2.6).</summary>
    public static Model GatedRelu(string modelPath, string dataFile, string target, LossKind loss = LossKind.Squared,
        double beta = 0.1, BiasMode bias = BiasMode.Regularized, int width = 16, PatternSpec? patterns = null)
    {
        var model = TwoLayer(modelPath, dataFile, target, loss, beta, bias, width, patterns);
        var none = SourceSpan.None(modelPath);
        return model with { Network = Network(InputSpec.Vector(bias, none), new GatedReluArchitecture(new GatedReluLayerSpec(width, none))) };
    }

    /// <summary>A <c>quadratic</c> model (math.md §8) with σ(t) = a·t² + b·t + c and <c>regularize l1_output beta</c>.</summary>
    public static Model Quadratic(string modelPath, string dataFile, string target, double a, double b, double c,
        LossKind loss = LossKind.Squared, double beta = 0.1, BiasMode bias = BiasMode.None, int width = 8)
    {
        var model = TwoLayer(modelPath, dataFile, target, loss, beta, bias, width);
        var none = SourceSpan.None(modelPath);
        return model with
        {
            Network = Network(InputSpec.Vector(bias, none), new QuadraticArchitecture(new QuadraticLayerSpec(width, a, b, c, none))),
            Regularizer = new RegularizerSpec(beta, none, RegularizerKind.L1Output),
            Patterns = new ExactPatterns(ExactPatterns.DefaultLimit, none),
        };
    }

    /// <summary>A network block for <paramref name="architecture"/>; its layer list is the architecture's layers.</summary>
    public static NetworkSpec Network(InputSpec input, ArchitectureSpec architecture, bool relaxation = false)
    {
        var layers = architecture switch
        {
            FullyConnectedArchitecture fc => ImmutableArray.Create<LayerSpec>(fc.Layer),
            GatedReluArchitecture gated => ImmutableArray.Create<LayerSpec>(gated.Layer),
            QuadraticArchitecture quadratic => ImmutableArray.Create<LayerSpec>(quadratic.Layer),
            TwoLayerCnnArchitecture cnn => ImmutableArray.Create<LayerSpec>(cnn.Conv, cnn.Pool),
            CircularCnnArchitecture circ => circ.Convs.CastArray<LayerSpec>()
                .AddRange(circ.Relu ? new LayerSpec[] { new DenseReluLayerSpec(input.Span) } : Array.Empty<LayerSpec>()),
            ThreeLayerCnnArchitecture three => ImmutableArray.Create<LayerSpec>(three.Conv, new DenseReluLayerSpec(input.Span)),
            _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
        };
        return new NetworkSpec(input, layers, 1, relaxation, architecture, SourceSpan.None(input.Span.Path));
    }

    /// <summary>A model over <paramref name="dataFile"/> with any network block (compiler tests of the CNN lowerings).</summary>
    public static Model WithNetwork(string modelPath, string dataFile, string target, NetworkSpec network,
        LossKind loss = LossKind.Squared, double beta = 0.1, PatternSpec? patterns = null)
    {
        var model = TwoLayer(modelPath, dataFile, target, loss, beta, BiasMode.None, 16, patterns);
        return model with { Network = network };
    }
}
