using ConicDsl.Compiler.Architectures.Sizing;
using System.Collections.Immutable;
using ConicDsl.Compiler.Architectures.Quadratic;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures;

/// <summary>
/// Quadratic-activation network (math.md §8, Bartan–Pilanci): f(x) = Σ_j σ(x̃ᵀu_j)·α_j, σ(t) = a·t² + b·t + c,
/// ‖u_j‖ = 1, penalty β·Σ|α_j|. The lift σ(x̃ᵀu)·α = ⟨M(x̃), α·[u;1][u;1]ᵀ⟩ turns training into SDP-QUAD (two PSD
/// blocks of order d̃+1), and every feasible point splits back into neurons (§8.3), so the program is exact, for
/// every width at least the number of neurons the split needs (≤ 2(d̃+1)). There are no sign patterns.
/// </summary>
public sealed class QuadraticActivationPlugin : IArchitecture
{
    public string Name => QuadraticNetwork.Name;

    public bool Handles(ArchitectureSpec spec) => spec is QuadraticArchitecture;

    /// <summary>No ReLU, hence no hyperplanes: the whole weight space is the one region (an empty arrangement).</summary>
    public (PatternSet? Patterns, ImmutableArray<Diagnostic> Diagnostics) BuildPatterns(
        Model model, Dataset data, CancellationToken cancellation, Action<long>? regions = null) =>
        (new CertifiedArrangementEnumerator(ExactPatterns.DefaultLimit).Build(new double[data.Samples, 1], cancellation),
            ImmutableArray<Diagnostic>.Empty);

    public SizeEstimate? EstimateSize(Model model, Dataset data, PatternSet? patterns) => QuadraticSize.Estimate(model, data);

    public LoweredProgram Lower(Model model, Dataset data, PatternSet patterns)
    {
        var layer = ((QuadraticArchitecture)model.Network.Architecture).Layer;
        if (model.Network.Bias == BiasMode.Unregularized)
            throw new InvalidOperationException("a quadratic layer with an unregularized bias is refused by the checker");
        var lift = new QuadraticLift(layer.A, layer.B, layer.C);
        var x = data.DesignMatrix(model.Network.Bias != BiasMode.None);
        var loss = LossFactory.Create(model.Loss);
        double beta = model.Regularizer.Beta;
        var (program, layout) = QuadraticSdp.Build(x, lift, loss, data.Targets(), beta);
        var recovery = new QuadraticRecovery(data, loss, beta, model.Network.Bias, lift, layout);
        int k = layout.Order;
        string reason = $"quadratic activation s(t) = {layer.A:R}*t^2 + {layer.B:R}*t + {layer.C:R}, unit-norm input weights, " +
                        $"penalty beta*sum|a_j| (l1_output, not weight decay): exact SDP lift with two PSD blocks of order {k} " +
                        $"(math.md §8.2), exact for any width >= the recovered neuron count (at most {2 * k})";
        return new LoweredProgram(Name, program, recovery, ProgramClaim.Exact, reason);
    }
}
