using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Recovery;

namespace ConicDsl.Compiler.Architectures;

/// <summary>
/// Recovery for any <see cref="ConeBlockProgram"/> (math.md §1(b)): collects the nonzero blocks, drops negligible
/// ones and prunes linearly dependent ones (§10.3) — each only when the recomputed objective of the rebuilt
/// network does not move — and hands the rest to the architecture's <see cref="IUnitFactory"/>.
/// </summary>
public sealed class ConeBlockRecovery : IRecoveryMap
{
    private const double SimplificationTolerance = 1e-9;
    private static readonly double[] DropThresholds = { 1e-6, 1e-8, 1e-10 };

    private readonly Dataset _data;
    private readonly ILoss _loss;
    private readonly double _beta;
    private readonly int _blockCount;
    private readonly IBlockPenalty _penalty;
    private readonly ConeBlockProgram.Layout _layout;
    private readonly IUnitFactory _units;

    public ConeBlockRecovery(Dataset data, ILoss loss, double beta, IReadOnlyList<ConeBlock> blocks,
        IBlockPenalty penalty, ConeBlockProgram.Layout layout, IUnitFactory units)
        : this(data, loss, beta, blocks.Count, penalty, layout, units)
    {
    }

    /// <summary>Only the number of blocks is needed, so a solver that never forms the maps A_i (the first-order route)
    /// can use the same recovery.</summary>
    public ConeBlockRecovery(Dataset data, ILoss loss, double beta, int blockCount,
        IBlockPenalty penalty, ConeBlockProgram.Layout layout, IUnitFactory units)
    {
        _data = data;
        _loss = loss;
        _beta = beta;
        _blockCount = blockCount;
        _penalty = penalty;
        _layout = layout;
        _units = units;
    }

    public double Objective(ITrainedNetwork network) => NonConvexObjective.Evaluate(network, _data, _loss, _beta);

    public Recovery.Recovery Recover(ReadOnlySpan<double> solution)
    {
        int p = _penalty.Dimension;
        double offset = _layout.OutputOffset is int o ? solution[o] : 0.0;
        var blocks = new List<SignedBlock>();
        for (int i = 0; i < _blockCount; i++)
        {
            var signed = _layout.W is null
                ? new[] { (_layout.V[i], 1.0) }
                : new[] { (_layout.V[i], 1.0), (_layout.W[i], -1.0) };
            foreach (var (start, sign) in signed)
            {
                var theta = solution.Slice(start, p).ToArray();
                double norm = _penalty.Evaluate(theta);
                if (norm > 0) blocks.Add(new SignedBlock(i, sign, theta, norm));
            }
        }
        int nonzero = blocks.Count;
        var best = _units.Build(blocks, offset);
        double bestObjective = Objective(best);
        double scale = 1 + Math.Abs(bestObjective);

        int dropped = 0;
        double dropChange = 0;
        double max = blocks.Count == 0 ? 0 : blocks.Max(b => b.Penalty);
        foreach (var threshold in DropThresholds)
        {
            var kept = blocks.Where(b => b.Penalty > threshold * max).ToList();
            if (kept.Count == blocks.Count) break;
            var candidate = _units.Build(kept, offset);
            double change = Objective(candidate) - bestObjective;
            if (Math.Abs(change) <= SimplificationTolerance * scale)
            {
                dropped = blocks.Count - kept.Count;
                dropChange = change;
                blocks = kept;
                best = candidate;
                bestObjective += change;
                break;
            }
        }

        int prunedCount = 0;
        if (blocks.Count > 1)
        {
            var scales = NeuronPruning.Scales(blocks.Select(Contribution).ToList(), blocks.Select(b => b.Penalty).ToList());
            var pruned = new List<SignedBlock>();
            for (int i = 0; i < blocks.Count; i++)
            {
                if (scales[i] <= 0) continue;
                pruned.Add(blocks[i] with
                {
                    Theta = blocks[i].Theta.Select(e => e * scales[i]).ToArray(),
                    Penalty = blocks[i].Penalty * scales[i],
                });
            }
            if (pruned.Count < blocks.Count)
            {
                var candidate = _units.Build(pruned, offset);
                // Pruning cannot raise the objective in exact arithmetic; keep it only if rounding agrees.
                if (Objective(candidate) <= bestObjective + SimplificationTolerance * scale)
                {
                    prunedCount = blocks.Count - pruned.Count;
                    blocks = pruned;
                    best = candidate;
                }
            }
        }
        return new Recovery.Recovery(best, nonzero, dropped, dropChange, 0, prunedCount,
            _units.RelaxationTight(blocks), _units.Facts(blocks, best));
    }

    /// <summary>
    /// The block's unit's output on the data, from the network's own forward pass. A unit's output is positively
    /// homogeneous in θ, so scaling blocks keeps the returned network's predictions exactly, even for blocks that
    /// sit just outside their cone (interior-point noise in tiny blocks). sign·A_i θ would differ there, and pruning
    /// scales such blocks up by factors of 1e6 and more, which turned that difference into wrong predictions (seen
    /// with the two-layer CNN: 420 blocks pruned to 107 changed the objective from 0.279 to 1.12, so it was refused).
    /// </summary>
    private double[] Contribution(SignedBlock block) => _units.Build(new[] { block }, 0.0).Predict(_data);
}
