using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures;

/// <summary>Every architecture the compiler lowers; the first that handles a resolved network wins.</summary>
public static class ArchitectureRegistry
{
    private static readonly IArchitecture[] All =
    {
        new TwoLayerReluArchitecture(),
        new ConvPoolArchitecture(),
        new ConvDenseArchitecture(),
        new CircularCnnPlugin(),
        new GatedReluPlugin(),
        new QuadraticActivationPlugin(),
        new VectorOutputPlugin(),
    };

    public static IReadOnlyList<IArchitecture> Architectures => All;

    public static IArchitecture? Find(ArchitectureSpec spec) => All.FirstOrDefault(a => a.Handles(spec));
}
