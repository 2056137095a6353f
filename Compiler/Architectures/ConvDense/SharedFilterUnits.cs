using System.Collections.Immutable;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Compiler.Architectures.ConvDense;

/// <summary>
/// E1 blocks → sub-networks (math.md §6). The relaxation's C need not be rank one, so each block is truncated to its
/// leading singular triple σ a bᵀ: u = ±a (the sign whose first-layer patterns violate the cone least), w = ±σ b,
/// balanced (w → w/√σ, α = ±√σ). The result is always a real network, so its objective — computed by running it — is
/// an upper bound. When C is rank one and u, w satisfy the cone's rows, the sub-network outputs exactly ±A θ at cost
/// σ = ‖C‖_*: the lower bound is attained (<see cref="RelaxationTight"/>).
/// <para>
/// The test is sufficient, not necessary: an interior-point solver returns a point in the relative interior of the
/// optimal set, so when that set holds a rank-one optimum and others, C comes back of higher rank although the bound
/// is attained. Splitting C into all its singular terms (each its own sub-network, total cost ‖C‖_*) was tried and
/// does not help there: the second terms' filters lie outside the cone (measured violations 0.7–1.2).
/// </para>
/// </summary>
public sealed class SharedFilterUnits(
    InputSpec input, ConvLayerSpec conv, SubnetworkPatches x, IReadOnlyList<SubnetworkCone> cones,
    ImmutableArray<ReportFact> facts) : IUnitFactory
{
    /// <summary>σ₂/σ₁ above this is not rank one. Measured on the test instances: ≤ 2e-9 (native) and ≤ 2e-13
    /// (CVXOPT) where the block was rank one; 9e-4 and more otherwise.</summary>
    public const double RankTolerance = 1e-6;

    /// <summary>Largest violation of the cone's rows by the factors, relative to σ₁·(largest patch norm); measured
    /// ≤ 2e-8 on the rank-one blocks.</summary>
    public const double ConeTolerance = 1e-6;

    public ITrainedNetwork Build(IReadOnlyList<SignedBlock> blocks, double outputOffset)
    {
        if (outputOffset != 0) throw new ArgumentException("a three-layer CNN has no output offset");
        var units = ImmutableArray.CreateBuilder<Subnetwork>();
        foreach (var block in blocks)
        {
            var f = Factor(block);
            if (f.Sigma == 0) continue;
            double root = Math.Sqrt(f.Sigma);
            units.Add(new Subnetwork(
                ImmutableArray.Create(f.U.ToImmutableArray()), f.W.Select(v => v / root).ToImmutableArray(), block.Sign * root));
        }
        return new ConvDenseNetwork(input, conv, x.Layout, units.ToImmutable());
    }

    public bool? RelaxationTight(IReadOnlyList<SignedBlock> blocks) =>
        blocks.All(b => Factor(b) is var f && f.Sigma2 <= RankTolerance * f.Sigma && Violation(cones[b.Cone], f) <= ConeTolerance);

    public ImmutableArray<ReportFact> Facts(IReadOnlyList<SignedBlock> blocks, ITrainedNetwork network)
    {
        var factors = blocks.Select(b => (Cone: cones[b.Cone], F: Factor(b))).Where(p => p.F.Sigma > 0).ToList();
        double ratio = factors.Select(p => p.F.Sigma2 / p.F.Sigma).DefaultIfEmpty(0).Max();
        double violation = factors.Select(p => Violation(p.Cone, p.F)).DefaultIfEmpty(0).Max();
        return facts.Add(new ReportFact("rank_one", new JsonObject
            {
                ["blocks"] = factors.Count,
                ["max_sigma2_over_sigma1"] = ratio,
                ["max_cone_violation"] = violation,
                ["rank_tolerance"] = RankTolerance,
                ["cone_tolerance"] = ConeTolerance,
            },
            $"{factors.Count} block(s): largest σ₂/σ₁ {ratio:G3} (rank one at most {RankTolerance:G1}), largest relative violation " +
            $"of a cone by the truncated factors {violation:G3} (at most {ConeTolerance:G1} passes)"));
    }

    private sealed record Factors(double[] U, double[] W, double Sigma, double Sigma2);

    /// <summary>The leading singular triple of C (off columns dropped: they only add to the penalty), sign chosen.</summary>
    private Factors Factor(SignedBlock block)
    {
        int h = x.Size, positions = x.Positions;
        var cone = cones[block.Cone];
        var c = Matrix<double>.Build.Dense(h, positions);
        for (int k = 0; k < positions; k++)
            if (cone.Live(k))
                for (int j = 0; j < h; j++) c[j, k] = block.Theta[k * h + j];
        var svd = c.Svd(computeVectors: true);
        double sigma = svd.S[0], sigma2 = svd.S.Count > 1 ? svd.S[1] : 0;
        if (sigma == 0) return new Factors(new double[h], new double[positions], 0, 0);
        var a = svd.U.Column(0).ToArray();
        var b = svd.VT.Row(0).ToArray();
        // σ a bᵀ = σ (−a)(−b)ᵀ, but the network is not symmetric under u → −u: take the sign whose filter lies in (or
        // closest to) the cone's first-layer region.
        var flipped = a.Select(v => -v).ToArray();
        if (FirstLayerViolation(cone, flipped) < FirstLayerViolation(cone, a))
        {
            a = flipped;
            b = b.Select(v => -v).ToArray();
        }
        return new Factors(a, b.Select(v => sigma * v).ToArray(), sigma, sigma2);
    }

    private double FirstLayerViolation(SubnetworkCone cone, double[] u)
    {
        double worst = 0;
        for (int k = 0; k < x.Positions; k++)
        for (int s = 0; s < x.Samples; s++)
        {
            double z = 0;
            for (int j = 0; j < x.Size; j++) z += x[k, s, j] * u[j];
            worst = Math.Max(worst, cone.Active(k, s) ? -z : z);
        }
        return worst;
    }

    /// <summary>The largest violation, by the truncated u and w, of the cone's rows — first-layer patterns of u, the
    /// signs of w at live positions, the second-layer pattern of g = Σ_k D^k X_k u w_k — relative to σ·(largest patch
    /// norm).</summary>
    private double Violation(SubnetworkCone cone, Factors t)
    {
        double patchScale = double.Epsilon;
        for (int k = 0; k < x.Positions; k++)
        for (int s = 0; s < x.Samples; s++)
            patchScale = Math.Max(patchScale, Math.Sqrt(Enumerable.Range(0, x.Size).Sum(j => x[k, s, j] * x[k, s, j])));
        double violation = FirstLayerViolation(cone, t.U) / patchScale;
        for (int k = 0; k < x.Positions; k++)
            if (cone.Live(k)) violation = Math.Max(violation, -cone.Signs[k] * t.W[k] / t.Sigma);
        for (int s = 0; s < x.Samples; s++)
        {
            double g = 0;
            for (int k = 0; k < x.Positions; k++)
            {
                if (!cone.Live(k) || !cone.Active(k, s)) continue;
                double z = 0;
                for (int j = 0; j < x.Size; j++) z += x[k, s, j] * t.U[j];
                g += z * t.W[k];
            }
            violation = Math.Max(violation, (cone.SecondLayer[s] ? -g : g) / (t.Sigma * patchScale));
        }
        return violation;
    }
}
