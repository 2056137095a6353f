using System.Collections.Immutable;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures;

/// <summary>
/// Gated ReLU recovery (math.md §2.6): block θ_i of gate g_i becomes the unit (g_i, u_i = θ_i/√‖θ_i‖, α_i = √‖θ_i‖),
/// which outputs D_i X̃ θ_i at cost ‖θ_i‖ = ½(‖u_i‖² + α_i²). The blocks are unsigned (no cone constraints), so α > 0.
/// </summary>
internal sealed class GatedReluUnits(BiasMode bias, double[][] gates, int dimension) : IUnitFactory
{
    public ITrainedNetwork Build(IReadOnlyList<SignedBlock> blocks, double outputOffset)
    {
        bool withBias = bias != BiasMode.None;
        int features = withBias ? dimension - 1 : dimension;
        var neurons = blocks.Select(b =>
        {
            double root = Math.Sqrt(b.Penalty);
            var u = b.Theta.Select(e => e / root).ToArray();
            var g = gates[b.Cone];
            return new GatedNeuron(
                g.Take(features).ToImmutableArray(), withBias ? g[features] : 0.0,
                u.Take(features).ToImmutableArray(), withBias ? u[features] : 0.0, b.Sign * root);
        });
        return new GatedReluNetwork(bias, neurons.ToImmutableArray());
    }
}
