using System.Collections.Immutable;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures.VectorOutput;

/// <summary>
/// Units of the exact ℓ1-output program (math.md §7.4): cone block b = i·C + k holds a column V_i e_k (or W_i e_k)
/// in K_{D_i}; it becomes the neuron u = θ/√‖θ‖, v = ±√‖θ‖·e_k, which outputs ±D_i X̃ θ e_kᵀ at cost
/// ½(‖u‖² + ‖v‖₁²) = ‖θ‖ — the §1 map with a one-hot output vector.
/// </summary>
public sealed class L1OutputUnits : IUnitFactory
{
    private readonly Dataset _data;
    private readonly BiasMode _bias;
    private readonly int _outputs;
    private readonly bool _classes;

    public L1OutputUnits(Dataset data, BiasMode bias, int outputs, bool classes)
    {
        _data = data;
        _bias = bias;
        _outputs = outputs;
        _classes = classes;
    }

    public ITrainedNetwork Build(IReadOnlyList<SignedBlock> blocks, double outputOffset)
    {
        bool bias = _bias == BiasMode.Regularized;
        var neurons = ImmutableArray.CreateBuilder<VectorNeuron>(blocks.Count);
        foreach (var block in blocks)
        {
            double root = Math.Sqrt(block.Penalty);
            var u = block.Theta.Select(e => e / root).ToArray();
            var v = new double[_outputs];
            v[block.Cone % _outputs] = block.Sign * root;
            neurons.Add(new VectorNeuron((bias ? u[..^1] : u).ToImmutableArray(), bias ? u[^1] : 0, v.ToImmutableArray()));
        }
        return new VectorReluNetwork(_data.FeatureNames, _bias, _outputs, neurons.MoveToImmutable(), L1OutputPenalty: true);
    }

    public ImmutableArray<ReportFact> Facts(IReadOnlyList<SignedBlock> blocks, ITrainedNetwork network) =>
        VectorOutputFacts.For(_data, network, _classes).ToImmutableArray();
}
