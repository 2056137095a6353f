using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Patterns;

namespace ConicDsl.Compiler.Architectures.Circular;

/// <summary>
/// Circular CNN with one ReLU (k circular layers, unit-norm filters, dense ReLU, output) → math.md §1's program over
/// the FULLY CONNECTED arrangement of X (the unit's pre-activation is x'v, v = c₁ ⊛ … ⊛ c_k ⊛ w, and every v is
/// realisable), in real Fourier coordinates v = Qρ:
/// <code>
/// A_i = D_i X Q,   G_i = (2D_i − I) X Q,   N = the spectral gauge (<see cref="SpectralGauge"/>), θ in <see cref="SpectralCoordinates"/>
/// </code>
/// k = 1 is (CVX-CIRC) of §5.5, exact. k ≥ 2 is §5.6: N is only a convex minorant of the true (quasi-norm) unit
/// cost, so the optimum is a lower bound; the recovered network is an upper bound.
/// </summary>
public static class CircularReluLowering
{
    public static LoweredProgram Lower(Dataset data, PatternSet patterns, RealFourierBasis basis, int channels,
        int circularLayers, ILoss loss, double beta)
    {
        var coordinates = SpectralCoordinates.Create(data, basis, channels, circularLayers);
        int n = data.Samples, p = coordinates.Dimension;
        var features = coordinates.Features;
        var blocks = new List<ConeBlock>(patterns.Count);
        for (int i = 0; i < patterns.Count; i++)
        {
            var map = new double[n, p];
            var membership = new double[n, p];
            for (int k = 0; k < n; k++)
            {
                bool active = patterns.IsActive(i, k);
                for (int j = 0; j < p; j++)
                {
                    if (active) map[k, j] = features[k, j];
                    membership[k, j] = active ? features[k, j] : -features[k, j];
                }
            }
            blocks.Add(new ConeBlock(i, map, membership));
        }
        var penalty = coordinates.Penalty;
        var targets = data.Targets();
        var (program, layout) = ConeBlockProgram.Build(blocks, penalty, loss, targets, beta);
        var units = new CircularReluUnits(coordinates, circularLayers, blocks, data, loss, beta);
        var recovery = new ConeBlockRecovery(data, loss, beta, blocks, penalty, layout, units);
        return circularLayers == 1
            ? new LoweredProgram(CircularCnnPlugin.WireName, program, recovery, ProgramClaim.Exact,
                "circular CNN with one ReLU: exact spectral group lasso over the fully connected arrangement (math.md §5.5)")
            : new LoweredProgram(CircularCnnPlugin.WireName, program, recovery, ProgramClaim.LowerBound,
                $"circular CNN with {circularLayers} circular layers and one ReLU: the convex envelope of the unit cost " +
                "over real filters, a lower bound; the recovered network of the declared depth is an upper bound (math.md §5.6)");
    }
}
