using System.Collections.Immutable;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures.VectorOutput;

/// <summary>
/// Recovery for <see cref="VectorOutputPlugin"/>'s relaxation (math.md §7.2): the SVD Z_i = Σ_r σ_r a_r b_rᵀ of each
/// block gives neurons u = ±√σ_r a_r, v = ±√σ_r b_r, the sign from <see cref="PatternConeTest"/>. When every kept
/// term passes the test the network attains the relaxation's value (<c>RelaxationTight</c>). When one fails, the
/// network is still a real ReLU network — its objective, recomputed by running it, is an upper bound — and for the
/// squared loss <see cref="SecondLayerRefit"/> tightens that bound.
/// </summary>
public sealed class VectorOutputRecovery : IRecoveryMap
{
    private const double SimplificationTolerance = 1e-9;
    private static readonly double[] DropThresholds = { 1e-6, 1e-8, 1e-10 };

    private readonly Dataset _data;
    private readonly ILoss _loss;
    private readonly double _beta;
    private readonly BiasMode _bias;
    private readonly double[,] _x;
    private readonly PatternSet _patterns;
    private readonly NuclearNormPenalty _penalty;
    private readonly ConeBlockProgram.Layout _layout;

    public VectorOutputRecovery(Dataset data, ILoss loss, double beta, BiasMode bias, double[,] x, PatternSet patterns,
        NuclearNormPenalty penalty, ConeBlockProgram.Layout layout)
    {
        _data = data;
        _loss = loss;
        _beta = beta;
        _bias = bias;
        _x = x;
        _patterns = patterns;
        _penalty = penalty;
        _layout = layout;
    }

    public double Objective(ITrainedNetwork network) => NonConvexObjective.Evaluate(network, _data, _loss, _beta);

    public Recovery.Recovery Recover(ReadOnlySpan<double> solution)
    {
        // Each rank-one term is one candidate neuron, so the report's "blocks" count terms, not patterns.
        var terms = new List<RankOneTerm>();
        for (int i = 0; i < _layout.V.Length; i++) terms.AddRange(Terms(i, solution.Slice(_layout.V[i], _penalty.Dimension)));
        int all = terms.Count;
        var best = Network(terms);
        double bestObjective = Objective(best);
        double scale = 1 + Math.Abs(bestObjective);

        int dropped = 0;
        double dropChange = 0;
        double max = terms.Count == 0 ? 0 : terms.Max(t => t.Sigma);
        foreach (var threshold in DropThresholds)
        {
            var kept = terms.Where(t => t.Sigma > threshold * max).ToList();
            if (kept.Count == terms.Count) break;
            var candidate = Network(kept);
            double change = Objective(candidate) - bestObjective;
            if (change <= SimplificationTolerance * scale)
            {
                dropped = terms.Count - kept.Count;
                dropChange = change;
                terms = kept;
                best = candidate;
                bestObjective += change;
                break;
            }
        }

        var outcomes = terms.Select(t => PatternConeTest.Check(_x, _patterns, t)).ToList();
        bool tight = outcomes.All(o => o.InCone);
        var facts = ImmutableArray.CreateBuilder<ReportFact>();
        facts.Add(ConeTestFact(all, terms.Count, outcomes));
        if (!tight && _loss is SquaredLoss)
        {
            var refit = best with
            {
                Neurons = SecondLayerRefit.Improve(best.Neurons, _x, _data.Targets(), _data.Outputs, _beta,
                    _bias == BiasMode.Regularized),
            };
            double refitObjective = Objective(refit);
            facts.Add(new ReportFact("refit", new JsonObject { ["before"] = bestObjective, ["after"] = refitObjective },
                $"the SVD network ({Number(bestObjective)}) had neurons outside their cones; ridge refit of the second layer " +
                $"with balanced layers gives {Number(refitObjective)}" + (refitObjective < bestObjective ? "" : " (not better: kept the SVD network)")));
            if (refitObjective < bestObjective) best = refit;
        }
        facts.AddRange(VectorOutputFacts.For(_data, best, _loss is HingeLoss));
        return new Recovery.Recovery(best, all, dropped, dropChange, 0, 0, tight, facts.ToImmutable());
    }

    /// <summary>The nonzero SVD terms of block <paramref name="pattern"/>.</summary>
    private List<RankOneTerm> Terms(int pattern, ReadOnlySpan<double> theta)
    {
        var svd = _penalty.Matrix(theta).Svd(computeVectors: true);
        var terms = new List<RankOneTerm>();
        for (int r = 0; r < svd.S.Count; r++)
        {
            if (!(svd.S[r] > 0)) continue;
            terms.Add(new RankOneTerm(pattern, svd.S[r], svd.U.Column(r).ToArray(), svd.VT.Row(r).ToArray()));
        }
        return terms;
    }

    private VectorReluNetwork Network(IReadOnlyList<RankOneTerm> terms)
    {
        bool bias = _bias == BiasMode.Regularized;
        var neurons = ImmutableArray.CreateBuilder<VectorNeuron>(terms.Count);
        foreach (var term in terms)
        {
            double s = PatternConeTest.Check(_x, _patterns, term).Sign * Math.Sqrt(term.Sigma);
            var u = term.Left.Select(e => s * e).ToArray();
            var v = term.Right.Select(e => s * e).ToImmutableArray();
            neurons.Add(new VectorNeuron((bias ? u[..^1] : u).ToImmutableArray(), bias ? u[^1] : 0, v));
        }
        return new VectorReluNetwork(_data.FeatureNames, _bias, _data.Outputs, neurons.MoveToImmutable());
    }

    private static ReportFact ConeTestFact(int all, int kept, List<PatternConeTest.Outcome> outcomes)
    {
        int inCone = outcomes.Count(o => o.InCone);
        double worst = outcomes.Count == 0 ? 0 : outcomes.Max(o => o.Violation);
        var json = new JsonObject
        {
            ["terms"] = kept,
            ["in_cone"] = inCone,
            ["max_violation"] = worst,
            ["tolerance"] = PatternConeTest.Tolerance,
            ["negligible_terms"] = all - kept,
        };
        string text = $"math.md §7.2: {inCone} of {kept} rank-one terms σ·a·bᵀ of the blocks have a or −a in the pattern cone " +
                      $"(largest violation {Number(worst)}, tolerance {Number(PatternConeTest.Tolerance)})" +
                      (inCone == kept ? ": the relaxation is exact for these patterns" : ": the relaxation may not be exact");
        return new ReportFact("cone_test", json, text);
    }

    private static string Number(double v) => VectorOutputFacts.Number(v);
}
