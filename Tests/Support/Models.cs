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
            new NetworkSpec(bias, ImmutableArray.Create<LayerSpec>(new ReluLayerSpec(width, none)), 1, none),
            new LossSpec(loss, none),
            new RegularizerSpec(beta, none),
            patterns ?? new ExactPatterns(ExactPatterns.DefaultLimit, new SourceSpan(modelPath, 5, 3, 12)),
            new SolverSpec("native", none, ImmutableArray<SolverOption>.Empty, none));
    }
}
