using System.Collections.Immutable;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Recovery;

namespace ConicDsl.Compiler.Architectures.Circular;

/// <summary>
/// Blocks of the circular ReLU program → chains (math.md §5.5 recovery, generalised to k circular layers): block ρ
/// gives v_ch = Qρ_ch, the cheapest weights realising v (<see cref="SpectralFactorization"/>, gauge G(v)), and then
/// α = sign·√G(v), w ← w/√G(v), so ‖w‖ = |α| and the chain costs (β/2)(‖w‖² + α²) = β·G(v) while outputting
/// sign·D_i X v on the data. For k = 1, G is the program's penalty and the program is exact; for k ≥ 2 the
/// penalty N ≤ G is a relaxation, and the chain built here is a real network of the declared depth whose objective
/// is an upper bound — equal to the lower bound exactly when every block is a single frequency class.
/// </summary>
public sealed class CircularReluUnits : IUnitFactory
{
    private const double TightTolerance = 1e-6;

    private readonly SpectralCoordinates _coordinates;
    private readonly int _circularLayers;
    private readonly IReadOnlyList<ConeBlock> _blocks;
    private readonly Dataset _data;
    private readonly ILoss _loss;
    private readonly double _beta;

    public CircularReluUnits(SpectralCoordinates coordinates, int circularLayers, IReadOnlyList<ConeBlock> blocks,
        Dataset data, ILoss loss, double beta)
    {
        _coordinates = coordinates;
        _circularLayers = circularLayers;
        _blocks = blocks;
        _data = data;
        _loss = loss;
        _beta = beta;
    }

    public ITrainedNetwork Build(IReadOnlyList<SignedBlock> blocks, double outputOffset)
    {
        var chains = ImmutableArray.CreateBuilder<CircularUnit>();
        foreach (var block in blocks)
        {
            var f = Factor(block.Theta);
            if (f.Gauge <= 0) continue;
            double root = Math.Sqrt(f.Gauge);
            chains.Add(new CircularUnit(f.FirstFilters, f.LaterFilters, f.Dense.Select(w => w / root).ToArray(), block.Sign * root));
        }
        var basis = _coordinates.Basis;
        return new CircularCnnNetwork(basis.Rows, basis.ColumnsPerRow, _coordinates.Channels, Relu: true, chains.ToImmutable());
    }

    /// <summary>
    /// Exact programs: null. Relaxations: whether the recovered network's objective (run forward) meets the
    /// program's objective at these blocks, L(Σ sign·A_iθ_i) + β Σ N(θ_i), within 1e-6 relative.
    /// </summary>
    public bool? RelaxationTight(IReadOnlyList<SignedBlock> blocks)
    {
        if (_circularLayers == 1) return null;
        var network = Build(blocks, 0);
        double upper = NonConvexObjective.Evaluate(network, _data, _loss, _beta);
        int n = _data.Samples;
        var predictions = new double[n];
        foreach (var block in blocks)
        {
            var map = _blocks[block.Cone].Map;
            for (int k = 0; k < n; k++)
            {
                double z = 0;
                for (int j = 0; j < block.Theta.Length; j++) z += map[k, j] * block.Theta[j];
                predictions[k] += block.Sign * z;
            }
        }
        double lower = _loss.Evaluate(predictions, _data.Targets()) + _beta * blocks.Sum(b => b.Penalty);
        return upper - lower <= TightTolerance * (1 + Math.Abs(lower));
    }

    public ImmutableArray<ReportFact> Facts(IReadOnlyList<SignedBlock> blocks, ITrainedNetwork network) =>
        ImmutableArray.Create(ActiveFrequencies.Fact(_coordinates, blocks.Select(b => b.Theta)));

    private SpectralFactorization Factor(double[] theta) =>
        SpectralFactorization.Of(_coordinates.Synthesize(theta), _coordinates.Basis.Rows, _coordinates.Basis.ColumnsPerRow, _circularLayers);
}
