using System.Collections.Immutable;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures.ConvPool;

/// <summary>
/// Blocks → filters (math.md §4.2, the §2.3 map): u = θ/√‖θ‖, α = ±√‖θ‖. Then α·pool_k(x_kᵀu)_+ = ±A θ because
/// θ lies in its cone and pooling commutes with positive scaling, and ½(‖u‖² + α²) = ‖θ‖, the block's penalty.
/// </summary>
public sealed class ConvPoolUnits(
    InputSpec input, ConvLayerSpec conv, PoolKind pooling, PatchLayout layout, ImmutableArray<ReportFact> facts)
    : IUnitFactory
{
    public ITrainedNetwork Build(IReadOnlyList<SignedBlock> blocks, double outputOffset)
    {
        if (outputOffset != 0) throw new ArgumentException("a two-layer CNN has no output offset");
        var filters = blocks.Select(b =>
        {
            double root = Math.Sqrt(b.Penalty);
            return new ConvFilter(b.Theta.Select(e => e / root).ToImmutableArray(), b.Sign * root);
        }).ToImmutableArray();
        return new ConvPoolNetwork(input, conv.Size, conv.Stride, pooling, layout, filters);
    }

    public ImmutableArray<ReportFact> Facts(IReadOnlyList<SignedBlock> blocks, ITrainedNetwork network) => facts;
}
