using System.Collections.Immutable;

namespace ConicDsl.Compiler.Recovery;

/// <summary>What a recovery produced, with an account of every simplification made on the way.</summary>
/// <param name="NonzeroBlocks">Blocks of the solution with a nonzero penalised part.</param>
/// <param name="DroppedBlocks">Tiny blocks left out of the network (interior-point solutions are dense).</param>
/// <param name="DropObjectiveChange">Change of the network's objective caused by leaving them out.</param>
/// <param name="MergedNeurons">Neurons folded into a positively collinear neighbour (same function, same cost).</param>
/// <param name="PrunedNeurons">Neurons removed by §10.3 pruning (same predictions, penalty not increased).</param>
/// <param name="RelaxationTight">For programs that are only a lower bound: whether the a-posteriori test showed the
/// solution is realisable by the architecture (then the bound is attained); null for exact programs.</param>
/// <param name="Facts">Architecture-specific findings for the report.</param>
public sealed record Recovery(
    ITrainedNetwork Network,
    int NonzeroBlocks,
    int DroppedBlocks,
    double DropObjectiveChange,
    int MergedNeurons,
    int PrunedNeurons,
    bool? RelaxationTight = null,
    ImmutableArray<ReportFact> Facts = default)
{
    public ImmutableArray<ReportFact> FactsOrEmpty => Facts.IsDefault ? ImmutableArray<ReportFact>.Empty : Facts;
}

/// <summary>Turns a solution vector of a lowered program back into network weights (one per lowering).</summary>
public interface IRecoveryMap
{
    Recovery Recover(ReadOnlySpan<double> solution);

    /// <summary>The non-convex training objective of a network on the bound data.</summary>
    double Objective(ITrainedNetwork network);
}
