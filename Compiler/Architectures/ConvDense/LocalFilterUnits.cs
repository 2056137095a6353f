using System.Collections.Immutable;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures.ConvDense;

/// <summary>
/// E2 blocks → sub-networks (math.md §6): u_k = s_k c_k/‖c_k‖, w_k = s_k‖c_k‖, then the §1(b) balance w → w/√N,
/// α = ±√N with N = ‖C‖_F. On the cone X_k u_k has pattern D^k, so (X_k u_k)_+ w_k = D^k X_k c_k, g = Mθ has pattern
/// D', and the sub-network outputs ±D'Mθ = ±A θ at cost ½(‖w‖² + α²) = N, the block's penalty. Off positions get
/// u_k = 0, w_k = 0 (their columns only add to the penalty).
/// </summary>
public sealed class LocalFilterUnits(
    InputSpec input, ConvLayerSpec conv, SubnetworkPatches x, IReadOnlyList<SubnetworkCone> cones,
    ImmutableArray<ReportFact> facts) : IUnitFactory
{
    public ITrainedNetwork Build(IReadOnlyList<SignedBlock> blocks, double outputOffset)
    {
        if (outputOffset != 0) throw new ArgumentException("a three-layer CNN has no output offset");
        int h = x.Size, positions = x.Positions;
        var units = ImmutableArray.CreateBuilder<Subnetwork>();
        foreach (var block in blocks)
        {
            var cone = cones[block.Cone];
            var norms = new double[positions];
            for (int k = 0; k < positions; k++)
                if (cone.Live(k))
                    norms[k] = Math.Sqrt(Enumerable.Range(0, h).Sum(j => block.Theta[k * h + j] * block.Theta[k * h + j]));
            double frobenius = Math.Sqrt(norms.Sum(v => v * v));
            if (frobenius == 0) continue;
            double root = Math.Sqrt(frobenius);
            var filters = ImmutableArray.CreateBuilder<ImmutableArray<double>>(positions);
            var dense = new double[positions];
            for (int k = 0; k < positions; k++)
            {
                if (norms[k] == 0)
                {
                    filters.Add(ImmutableArray.Create(new double[h]));
                    continue;
                }
                int sign = cone.Signs[k], offset = k * h;
                double norm = norms[k];
                filters.Add(Enumerable.Range(0, h).Select(j => sign * block.Theta[offset + j] / norm).ToImmutableArray());
                dense[k] = sign * norm / root;
            }
            units.Add(new Subnetwork(filters.MoveToImmutable(), dense.ToImmutableArray(), block.Sign * root));
        }
        return new ConvDenseNetwork(input, conv, x.Layout, units.ToImmutable());
    }

    public ImmutableArray<ReportFact> Facts(IReadOnlyList<SignedBlock> blocks, ITrainedNetwork network) => facts;
}
