using System.Collections.Immutable;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures;

/// <summary>Two-layer fully connected ReLU network (math.md §2): patterns of the arrangement of X̃.</summary>
public sealed class TwoLayerReluArchitecture : IArchitecture
{
    public string Name => TwoLayerReluLowering.Architecture;

    public bool Handles(ArchitectureSpec spec) => spec is FullyConnectedArchitecture;

    public (PatternSet? Patterns, ImmutableArray<Diagnostic> Diagnostics) BuildPatterns(
        Model model, Dataset data, CancellationToken cancellation) =>
        PatternStage.Build(model.Patterns, data.DesignMatrix(model.Network.Bias != BiasMode.None), cancellation);

    public LoweredProgram Lower(Model model, Dataset data, PatternSet patterns) =>
        TwoLayerReluLowering.Lower(model, data, patterns);
}
