using System.Collections.Immutable;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Recovery;

/// <summary>
/// math.md §2.3: each nonzero block v_i becomes the neuron u = v_i/√N(v_i), α = +√N(v_i); each w_i gives
/// α = −√N(w_i); N is the penalised norm (bias coordinate excluded when the bias is unregularised, §2.5(2)).
/// Then α·(x̃ᵀu)₊ = (x̃ᵀv_i)₊ = D_i X̃ v_i on the data (the cone constraint), and ½(N(u)² + α²) = N(v_i).
/// Interior-point solutions spread tiny mass over many blocks, so tiny blocks are dropped and positively
/// collinear neurons merged, and linearly dependent neurons pruned (math.md §10.3) — each only when the network's
/// objective, recomputed, does not move.
/// </summary>
public sealed class TwoLayerReluRecovery : IRecoveryMap
{
    // A simplification is kept only if it changes the objective by at most this much relative to 1 + |objective|.
    private const double SimplificationTolerance = 1e-9;
    private static readonly double[] DropThresholds = { 1e-6, 1e-8, 1e-10 };

    private readonly Dataset _data;
    private readonly PatternSet _patterns;
    private readonly BiasMode _bias;
    private readonly ILoss _loss;
    private readonly double _beta;
    private readonly int _vOffset, _wOffset, _dt;
    private readonly int? _outputOffset;

    public TwoLayerReluRecovery(Dataset data, PatternSet patterns, BiasMode bias, ILoss loss, double beta,
        int vOffset, int wOffset, int? outputOffset, int dt)
    {
        _data = data;
        _patterns = patterns;
        _bias = bias;
        _loss = loss;
        _beta = beta;
        _vOffset = vOffset;
        _wOffset = wOffset;
        _outputOffset = outputOffset;
        _dt = dt;
    }

    public double Objective(ITrainedNetwork network) => NonConvexObjective.Evaluate(network, _data, _loss, _beta);

    public Recovery Recover(ReadOnlySpan<double> solution)
    {
        int penalised = _bias == BiasMode.Unregularized ? _dt - 1 : _dt;
        double offset = _outputOffset is int o ? solution[o] : 0.0;
        var blocks = new List<SolutionBlock>();
        for (int i = 0; i < _patterns.Count; i++)
        {
            foreach (var (start, sign) in new[] { (_vOffset + i * _dt, 1.0), (_wOffset + i * _dt, -1.0) })
            {
                var vec = solution.Slice(start, _dt).ToArray();
                double norm = Norm(vec.AsSpan(0, penalised));
                if (norm > 0) blocks.Add(new SolutionBlock(vec, sign, norm, i));
                else if (_bias == BiasMode.Unregularized && vec[_dt - 1] != 0 && IsAllOnes(i))
                    offset += sign * vec[_dt - 1]; // a free constant: zero cost, folded into the output offset
            }
        }
        int nonzero = blocks.Count;
        var full = Build(blocks, offset);
        double fullObjective = Objective(full);
        double scale = 1 + Math.Abs(fullObjective);

        var best = full;
        int dropped = 0;
        double dropChange = 0;
        double maxNorm = blocks.Count == 0 ? 0 : blocks.Max(b => b.Norm);
        foreach (var threshold in DropThresholds)
        {
            var kept = blocks.Where(b => b.Norm > threshold * maxNorm).ToList();
            if (kept.Count == blocks.Count) break;
            // With an unregularised bias, a near-zero-weight block on the all-ones pattern is a constant: keep the
            // constant (free) in the output offset and drop only its vanishing slope.
            double keptOffset = offset + blocks
                .Where(b => b.Norm <= threshold * maxNorm && _bias == BiasMode.Unregularized && IsAllOnes(b.Pattern))
                .Sum(b => b.Sign * b.V[_dt - 1]);
            var candidate = Build(kept, keptOffset);
            double change = Objective(candidate) - fullObjective;
            if (Math.Abs(change) <= SimplificationTolerance * scale)
            {
                best = candidate;
                dropped = blocks.Count - kept.Count;
                dropChange = change;
                blocks = kept;
                offset = keptOffset;
                break;
            }
        }

        var merged = MergeCollinear(blocks);
        int mergedCount = blocks.Count - merged.Count;
        if (mergedCount > 0)
        {
            var candidate = Build(merged, offset);
            if (Math.Abs(Objective(candidate) - Objective(best)) <= SimplificationTolerance * scale)
            {
                best = candidate;
                blocks = merged;
            }
            else mergedCount = 0;
        }

        var pruned = Prune(blocks);
        int prunedCount = blocks.Count - pruned.Count;
        if (prunedCount > 0)
        {
            var candidate = Build(pruned, offset);
            // Pruning cannot raise the objective in exact arithmetic; keep it only if rounding agrees.
            if (Objective(candidate) <= Objective(best) + SimplificationTolerance * scale) best = candidate;
            else prunedCount = 0;
        }
        return new Recovery(best, nonzero, dropped, dropChange, mergedCount, prunedCount);
    }

    private TwoLayerReluNetwork Build(List<SolutionBlock> blocks, double offset)
    {
        var neurons = ImmutableArray.CreateBuilder<Neuron>(blocks.Count);
        int d = _data.Features;
        foreach (var (vec, sign, norm, _) in blocks)
        {
            double root = Math.Sqrt(norm);
            var weights = ImmutableArray.CreateRange(vec.Take(d).Select(e => e / root));
            double bias = _bias == BiasMode.None ? 0.0 : vec[d] / root;
            neurons.Add(new Neuron(weights, bias, sign * root));
        }
        return new TwoLayerReluNetwork(_data.FeatureNames, _bias, neurons.MoveToImmutable(), offset);
    }

    /// <summary>Sums blocks of the same sign whose vectors point the same way: (x̃ᵀv₁)₊ + (x̃ᵀv₂)₊ = (x̃ᵀ(v₁+v₂))₊ and
    /// N(v₁) + N(v₂) = N(v₁+v₂) exactly when v₁ ∥ v₂.</summary>
    private List<SolutionBlock> MergeCollinear(List<SolutionBlock> blocks)
    {
        int penalised = _bias == BiasMode.Unregularized ? _dt - 1 : _dt;
        var result = new List<SolutionBlock>();
        foreach (var block in blocks.OrderByDescending(b => b.Norm))
        {
            int match = result.FindIndex(r => r.Sign == block.Sign && Cosine(r.V, block.V) >= 1 - 1e-12);
            if (match < 0)
            {
                result.Add(block with { V = block.V.ToArray() });
                continue;
            }
            var sum = result[match].V.Zip(block.V, (a, c) => a + c).ToArray();
            result[match] = result[match] with { V = sum, Norm = Norm(sum.AsSpan(0, penalised)) };
        }
        return result;
    }

    private bool IsAllOnes(int pattern)
    {
        for (int k = 0; k < _patterns.Samples; k++)
            if (!_patterns.IsActive(pattern, k)) return false;
        return true;
    }

    private static double Cosine(double[] a, double[] b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.Sqrt(aa * bb);
    }

    /// <summary>§10.3 pruning on the blocks' contributions sign·(X̃v)₊ to the predictions.</summary>
    private List<SolutionBlock> Prune(List<SolutionBlock> blocks)
    {
        if (blocks.Count <= 1) return blocks;
        // Row blocks of the contributions, never all n × blocks of them (NeuronPruning.Factor).
        int n = _data.Samples, d = _data.Features, k = blocks.Count;
        bool bias = _bias != BiasMode.None;
        var scales = NeuronPruning.Scales(n, k, (start, count, rows) =>
        {
            for (int r = 0; r < count; r++)
            {
                int sample = start + r;
                for (int l = 0; l < k; l++)
                {
                    var v = blocks[l].V;
                    double z = 0;
                    for (int j = 0; j < d; j++) z += _data.Feature(sample, j) * v[j];
                    if (bias) z += v[d];
                    rows[r * k + l] = blocks[l].Sign * Math.Max(0, z);
                }
            }
        }, blocks.Select(b => b.Norm).ToList());
        var result = new List<SolutionBlock>();
        for (int i = 0; i < blocks.Count; i++)
        {
            if (scales[i] <= 0) continue;
            var v = blocks[i].V.Select(e => e * scales[i]).ToArray();
            result.Add(blocks[i] with { V = v, Norm = blocks[i].Norm * scales[i] });
        }
        return result;
    }

    /// <summary>One block v_i (Sign +1) or w_i (Sign −1) of the solution, with its penalised norm and pattern index.</summary>
    private sealed record SolutionBlock(double[] V, double Sign, double Norm, int Pattern);

    private static double Norm(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var e in v) s += e * e;
        return Math.Sqrt(s);
    }
}
