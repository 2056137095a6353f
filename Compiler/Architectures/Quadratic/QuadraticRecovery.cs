using System.Collections.Immutable;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Conic;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures.Quadratic;

/// <summary>
/// SDP-QUAD solution → network (math.md §8.3): Z⁺ and Z⁻ are each split into G-null rank-one terms z zᵀ, z = (w; ζ),
/// each giving the neuron u = w/ζ (rescaled to exactly unit norm, so the network is feasible whatever the solver's
/// residual) with α = ±ζ². Interior-point solutions are strictly PSD; their tiny eigenvalues are left out only when
/// the recomputed objective of the smaller network does not move beyond an interior-point solution's own accuracy
/// (1e-8 relative); whichever network is kept, its objective is recomputed and reported as it is.
/// </summary>
public sealed class QuadraticRecovery(
    Dataset data, ILoss loss, double beta, BiasMode bias, QuadraticLift lift, QuadraticSdp.Layout layout) : IRecoveryMap
{
    private const double SimplificationTolerance = 1e-8;
    private static readonly double[] Cutoffs = { 1e-6, 1e-8, 1e-10 };

    public double Objective(ITrainedNetwork network) => NonConvexObjective.Evaluate(network, data, loss, beta);

    public Recovery.Recovery Recover(ReadOnlySpan<double> solution)
    {
        int k = layout.Order, m = ConeLayout.SvecLength(k);
        var plus = Svec.ToMatrix(solution.Slice(layout.Plus, m), k);
        var minus = Svec.ToMatrix(solution.Slice(layout.Minus, m), k);

        var best = Build(plus, minus, 0);
        double bestObjective = Objective(best.Network);
        int nonzero = best.Network.Units, dropped = 0;
        double dropChange = 0;
        foreach (var cutoff in Cutoffs)
        {
            var candidate = Build(plus, minus, cutoff);
            if (candidate.Network.Units >= best.Network.Units) break;
            double change = Objective(candidate.Network) - bestObjective;
            if (Math.Abs(change) > SimplificationTolerance * (1 + Math.Abs(bestObjective))) continue;
            dropped = nonzero - candidate.Network.Units;
            dropChange = change;
            best = candidate;
            break;
        }

        int bound = 2 * k;
        var facts = ImmutableArray.Create(new ReportFact("decomposition",
            new JsonObject
            {
                ["rank_plus"] = best.RankPlus,
                ["rank_minus"] = best.RankMinus,
                ["neurons"] = best.Network.Units,
                ["neuron_bound"] = bound,
            },
            $"Z+ rank {best.RankPlus}, Z- rank {best.RankMinus}: {best.Network.Units} neuron(s) from the rank-one split " +
            $"(math.md §8.3; at most 2(d+1) = {bound}); the SDP is the exact optimum for every width >= that count"));
        return new Recovery.Recovery(best.Network, nonzero, dropped, dropChange, 0, 0, null, facts);
    }

    private sealed record Candidate(QuadraticNetwork Network, int RankPlus, int RankMinus);

    private Candidate Build(double[,] plus, double[,] minus, double cutoff)
    {
        var neurons = ImmutableArray.CreateBuilder<QuadraticNeuron>();
        double nullTolerance = Math.Max(NeuralDecomposition.NullTolerance, cutoff);
        var plusTerms = NeuralDecomposition.Decompose(plus, cutoff, nullTolerance);
        var minusTerms = NeuralDecomposition.Decompose(minus, cutoff, nullTolerance);
        double largest = plusTerms.Concat(minusTerms).Select(z => z[^1] * z[^1]).DefaultIfEmpty(0).Max();
        foreach (var (terms, sign) in new[] { (plusTerms, 1.0), (minusTerms, -1.0) })
        {
            foreach (var z in terms)
            {
                double zeta = z[^1], weight = zeta * zeta;
                // ζ = 0 on a G-null vector forces w = 0: no neuron (math.md §8.3).
                if (!(weight > cutoff * largest) || weight == 0) continue;
                var u = z[..^1].Select(e => e / zeta).ToArray();
                double norm = Math.Sqrt(u.Sum(e => e * e));
                if (norm == 0) continue;
                for (int i = 0; i < u.Length; i++) u[i] /= norm;
                bool withBias = bias != BiasMode.None;
                int features = withBias ? u.Length - 1 : u.Length;
                neurons.Add(new QuadraticNeuron(u.Take(features).ToImmutableArray(), withBias ? u[features] : 0.0, sign * weight));
            }
        }
        return new Candidate(new QuadraticNetwork(bias, lift, neurons.ToImmutable()), Rank(plus, cutoff), Rank(minus, cutoff));
    }

    private static int Rank(double[,] z, double cutoff)
    {
        var values = SymmetricEigen.Decompose(z).Values;
        double largest = values.Max();
        return values.Count(v => v > 0 && v > cutoff * largest);
    }
}
