using System.Collections.Immutable;
using System.Text;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Losses;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Certificates;

/// <summary>
/// math.md §10.2: is a given two-layer ReLU network a global minimum of its regularised training problem?
/// <list type="number">
/// <item>balance ‖u_j‖ = |α_j| for every unit (else rescaling lowers the cost);</item>
/// <item>r = −∇L(ŷ) at the network's predictions;</item>
/// <item>p_i^± = ‖Π_{K_i}(±X̃ᵀD_i r)‖ for every pattern, by exact projections (<see cref="PolyhedralConeProjection"/>);</item>
/// <item>dual feasibility ρ = max p ≤ β(1 + tol);</item>
/// <item>complementary slackness sign(α_j)·rᵀ(X̃ū_j)₊ = β for every active unit.</item>
/// </list>
/// Why these suffice: with r feasible, Fenchel–Young gives network − dual = Σ_j |α_j|‖u_j‖(β − sign(α_j)rᵀ(X̃ū_j)₊)
/// (§9.1) for balanced units, which is 0 under step 5. Independently of the outcome, λ = r·min(1, β/ρ) is dual
/// feasible, so −L*(−λ) is a lower bound on the optimum over the patterns' cones (the global optimum when they are
/// complete).
/// </summary>
public static class OptimalityCertifier
{
    /// <summary>Relative tolerance of step 4 on ρ/β (a direction's violation: it moves linearly with the distance to
    /// an optimum, the objective only quadratically, so it is looser than <see cref="DefaultObjectiveTolerance"/>).</summary>
    public const double DefaultTolerance = 1e-4;

    /// <summary>Steps 1 and 5 are measured by the objective they account for (see <see cref="NeuronCheck"/>), relative
    /// to max(1, |objective|); the same tolerance as <see cref="OptimalityDecision.ObjectiveTolerance"/>.</summary>
    public const double DefaultObjectiveTolerance = OptimalityDecision.ObjectiveTolerance;

    /// <summary>Whether the test is defined for this model; null when it is, else why not.</summary>
    public static string? Refuses(Model model)
    {
        if (model.Network.Architecture is not FullyConnectedArchitecture)
            return "certify takes two-layer ReLU networks ('relu M' on a vector input, output 1)";
        if (!LossDual.Supports(model.Loss.Kind))
            return $"the certificate covers the squared and hinge losses; this model uses the {model.Loss.Kind.ToString().ToLowerInvariant()} loss";
        if (model.Network.Bias == BiasMode.Unregularized)
            return "the certificate covers 'input' and 'input bias'; with 'input bias unregularized' the penalty is a seminorm and the per-cone test differs (math.md §2.5)";
        if (model.Regularizer.Beta <= 0)
            return "the certificate needs weight decay beta > 0";
        return null;
    }

    public static OptimalityCertificate Certify(Model model, Dataset data, PatternSet patterns, TwoLayerReluNetwork network,
        ReadOnlySpan<double> kinkMultipliers = default, double tolerance = DefaultTolerance)
    {
        if (Refuses(model) is { } why) throw new NotSupportedException(why);
        bool withBias = model.Network.Bias != BiasMode.None;
        var x = data.DesignMatrix(withBias);
        int n = x.GetLength(0), dt = x.GetLength(1);
        double beta = model.Regularizer.Beta;
        var kind = model.Loss.Kind;
        var targets = data.Targets();
        var loss = LossFactory.Create(model.Loss);

        var predictions = network.Predict(data);
        double objective = NonConvexObjective.Evaluate(network, data, loss, beta);
        var r = LossDual.Residual(kind, predictions, targets, kinkMultipliers);

        double rho = 0;
        WorstCone? worst = null;
        var cone = new double[n, dt];
        var g = new double[dt];
        for (int i = 0; i < patterns.Count; i++)
        {
            Array.Clear(g);
            for (int k = 0; k < n; k++)
            {
                bool active = patterns.IsActive(i, k);
                double sigma = active ? 1 : -1;
                for (int j = 0; j < dt; j++)
                {
                    cone[k, j] = sigma * x[k, j];
                    if (active) g[j] += r[k] * x[k, j];
                }
            }
            foreach (int sign in new[] { 1, -1 })
            {
                var signed = g.Select(v => sign * v).ToArray();
                var projection = PolyhedralConeProjection.Project(cone, signed);
                double p = PolyhedralConeProjection.Norm(projection);
                if (worst is not null && p <= rho) continue;
                rho = p;
                worst = new WorstCone(i, sign, p / beta, MaskText(patterns, i),
                    p > 0 ? projection.Select(v => v / p).ToImmutableArray() : ImmutableArray<double>.Empty);
            }
        }

        var neurons = ImmutableArray.CreateBuilder<NeuronCheck>(network.Neurons.Length);
        double largest = LargestUnitNorm(network, withBias);
        for (int j = 0; j < network.Neurons.Length; j++)
            neurons.Add(CheckNeuron(j, network.Neurons[j], withBias, x, r, beta, patterns, largest));
        var checks = neurons.ToImmutable();

        double scale = rho > beta ? beta / rho : 1;
        var lambda = r.Select(v => v * scale).ToArray();
        double dualBound = LossDual.Value(kind, lambda, targets);

        return new OptimalityCertificate(objective, beta, patterns.Source == PatternSet.SourceExact, patterns.Count,
            rho, worst, checks, dualBound, tolerance, DefaultObjectiveTolerance);
    }

    private static NeuronCheck CheckNeuron(int index, Neuron neuron, bool withBias, double[,] x, double[] r, double beta,
        PatternSet patterns, double scale)
    {
        int n = x.GetLength(0), dt = x.GetLength(1);
        var u = new double[dt];
        for (int j = 0; j < neuron.Weights.Length; j++) u[j] = neuron.Weights[j];
        if (withBias) u[dt - 1] = neuron.Bias;
        double norm = PolyhedralConeProjection.Norm(u), alpha = neuron.OutputWeight;
        double balanceExcess = 0.5 * beta * (norm - Math.Abs(alpha)) * (norm - Math.Abs(alpha));
        bool active = norm > 0 && alpha != 0;
        if (!active)
            return new NeuronCheck(index, norm, alpha, false, balanceExcess, double.NaN, 0, true);
        var z = new double[n];
        double correlation = 0;
        for (int k = 0; k < n; k++)
        {
            for (int j = 0; j < dt; j++) z[k] += x[k, j] * u[j];
            if (z[k] > 0) correlation += r[k] * z[k];
        }
        double slackness = Math.Sign(alpha) * correlation / norm / beta;
        bool inSet = patterns.Source == PatternSet.SourceExact || InSomeCone(patterns, x, z, scale);
        return new NeuronCheck(index, norm, alpha, true, balanceExcess, slackness, beta * norm * Math.Abs(alpha) * (1 - slackness), inSet);
    }

    /// <summary>Whether the unit with pre-activations <paramref name="z"/> = X̃u lies in some pattern's cone
    /// {u : (2D − I)X̃u ≥ 0}, up to a rounding slack relative to the network's largest unit (<paramref name="norm"/>):
    /// a unit recovered from a solution sits on its cone's faces, where its own sign pattern can differ from the
    /// block's by rounding, and the tiny units an interior-point solution leaves behind carry the solver's absolute
    /// feasibility error magnified by 1/√‖v‖.</summary>
    private static bool InSomeCone(PatternSet patterns, double[,] x, double[] z, double norm)
    {
        int n = z.Length, dt = x.GetLength(1);
        var slack = new double[n];
        for (int k = 0; k < n; k++)
        {
            double row = 0;
            for (int j = 0; j < dt; j++) row += x[k, j] * x[k, j];
            slack[k] = ConeSlack * Math.Sqrt(row) * norm;
        }
        for (int i = 0; i < patterns.Count; i++)
        {
            bool inside = true;
            for (int k = 0; k < n && inside; k++)
                inside = (patterns.IsActive(i, k) ? z[k] : -z[k]) >= -slack[k];
            if (inside) return true;
        }
        return false;
    }

    private static double LargestUnitNorm(TwoLayerReluNetwork network, bool withBias) =>
        network.Neurons.Select(n => Math.Sqrt(n.Weights.Sum(w => w * w) + (withBias ? n.Bias * n.Bias : 0))).DefaultIfEmpty(0).Max();

    /// <summary>Relative slack of the cone-membership test (the solvers' feasibility tolerances are 1e-8 and below).</summary>
    private const double ConeSlack = 1e-7;

    /// <summary>The pattern as a 0/1 string over the samples (first 64, then "…").</summary>
    private static string MaskText(PatternSet patterns, int i)
    {
        var s = new StringBuilder();
        for (int k = 0; k < Math.Min(patterns.Samples, 64); k++) s.Append(patterns.IsActive(i, k) ? '1' : '0');
        if (patterns.Samples > 64) s.Append('…');
        return s.ToString();
    }
}
