using System.Collections.Immutable;
using ConicDsl.Compiler.Recovery;

namespace ConicDsl.Compiler.Architectures;

/// <summary>
/// The architecture-specific half of math.md §1(b): turns solution blocks into a network whose unit for block b
/// outputs b.Sign·Map·θ on the data at weight-decay cost N(θ) (realizability, item 4 of §1).
/// </summary>
public interface IUnitFactory
{
    ITrainedNetwork Build(IReadOnlyList<SignedBlock> blocks, double outputOffset);

    /// <summary>For relaxations: whether these blocks are realisable by the architecture (then the lower bound is
    /// attained). Null for exact programs.</summary>
    bool? RelaxationTight(IReadOnlyList<SignedBlock> blocks) => null;

    /// <summary>Findings worth reporting about the recovered network.</summary>
    ImmutableArray<ReportFact> Facts(IReadOnlyList<SignedBlock> blocks, ITrainedNetwork network) =>
        ImmutableArray<ReportFact>.Empty;
}
