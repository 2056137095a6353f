using System.Collections.Immutable;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Recovery;

namespace ConicDsl.Compiler.Architectures.Circular;

/// <summary>
/// math.md §5.4's recovery (Minimizer B, generalised to input channels): the one chain c ⋆ ·, w with
/// ‖ĉ_q‖ = |ŵ_q| = (‖V_q‖/√d)^{1/2} per frequency, so c ⊛ w = v and ½(‖c‖² + ‖w‖²) = R(v). It is the norm-constrained
/// factorisation (‖c‖ = 1, ‖w‖ = R) rebalanced by √R: scaling c up and w down by the same factor keeps c ⊛ w.
/// </summary>
public sealed class LinearCircularRecovery : IRecoveryMap
{
    private readonly Dataset _data;
    private readonly SpectralCoordinates _coordinates;
    private readonly ILoss _loss;
    private readonly double _beta;
    private readonly int _offset;

    public LinearCircularRecovery(Dataset data, SpectralCoordinates coordinates, ILoss loss, double beta, int offset)
    {
        _data = data;
        _coordinates = coordinates;
        _loss = loss;
        _beta = beta;
        _offset = offset;
    }

    public double Objective(ITrainedNetwork network) => NonConvexObjective.Evaluate(network, _data, _loss, _beta);

    public Recovery.Recovery Recover(ReadOnlySpan<double> solution)
    {
        var basis = _coordinates.Basis;
        var theta = solution.Slice(_offset, _coordinates.Dimension).ToArray();
        var f = SpectralFactorization.Of(_coordinates.Synthesize(theta), basis.Rows, basis.ColumnsPerRow, circularLayers: 1);
        var chains = ImmutableArray<CircularUnit>.Empty;
        if (f.Gauge > 0)
        {
            double root = Math.Sqrt(f.Gauge);
            var filter = f.FirstFilters.Select(row => row.Select(c => c * root).ToArray()).ToArray();
            chains = ImmutableArray.Create(new CircularUnit(filter, Array.Empty<double[]>(), f.Dense.Select(w => w / root).ToArray(), 1.0));
        }
        var network = new CircularCnnNetwork(basis.Rows, basis.ColumnsPerRow, _coordinates.Channels, Relu: false, chains);
        return new Recovery.Recovery(network, chains.Length, 0, 0, 0, 0, null,
            ImmutableArray.Create(ActiveFrequencies.Fact(_coordinates, new[] { theta })));
    }
}
