using System.Collections.Immutable;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Data;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Recovery;

/// <summary>One hidden ReLU unit of a vector-output network: max(0, wᵀx + b)·vᵀ, v ∈ R^C.</summary>
public sealed record VectorNeuron(ImmutableArray<double> Weights, double Bias, ImmutableArray<double> OutputWeights)
{
    public double PreActivation(ReadOnlySpan<double> x)
    {
        double z = Bias;
        for (int j = 0; j < Weights.Length; j++) z += Weights[j] * x[j];
        return z;
    }
}

/// <summary>
/// f(x) = Σ_j max(0, w_jᵀx + b_j)·v_j ∈ R^C (math.md §7), on the (standardised, if asked) features; the bias b_j is
/// the last coordinate of u_j with <c>input bias</c> and is penalised with w_j. The objective is computed by running
/// the network forward on all n·C entries, independently of the convex program. <see cref="L1OutputPenalty"/>: the
/// weight decay sums ‖v_j‖₁² instead of ‖v_j‖₂² (math.md §7.4, <c>regularize weight_decay_l1_output</c>).
/// </summary>
public sealed record VectorReluNetwork(
    ImmutableArray<string> FeatureNames,
    BiasMode Bias,
    int OutputCount,
    ImmutableArray<VectorNeuron> Neurons,
    bool L1OutputPenalty = false) : ITrainedNetwork
{
    public const string Name = "vector_output_relu";

    public string Architecture => Name;

    public int Units => Neurons.Length;

    public int Outputs => OutputCount;

    public string FunctionText => "f(x) = sum_j max(0, w_j'x + b_j) * v_j, v_j in R^C";

    public string RegularizerText =>
        $"beta/2 * sum_j (||w_j||^2{(Bias == BiasMode.Regularized ? " + b_j^2" : "")} + {(L1OutputPenalty ? "||v_j||_1^2" : "||v_j||^2")})";

    /// <summary>The C outputs for one input.</summary>
    public double[] Predict(ReadOnlySpan<double> x)
    {
        var f = new double[OutputCount];
        foreach (var neuron in Neurons)
        {
            double h = Math.Max(0, neuron.PreActivation(x));
            if (h == 0) continue;
            for (int c = 0; c < OutputCount; c++) f[c] += h * neuron.OutputWeights[c];
        }
        return f;
    }

    public double[] Predict(Dataset data)
    {
        var row = new double[data.Features];
        var f = new double[data.Samples * OutputCount];
        for (int k = 0; k < data.Samples; k++)
        {
            for (int j = 0; j < row.Length; j++) row[j] = data.Feature(k, j);
            Predict(row).CopyTo(f, k * OutputCount);
        }
        return f;
    }

    /// <summary>Σ_j (‖w_j‖² + b_j² + ‖v_j‖²) (‖v_j‖₁² with the ℓ1 output penalty), b_j counting only when the bias
    /// is regularised.</summary>
    public double SquaredWeightSum()
    {
        double s = 0;
        foreach (var neuron in Neurons)
        {
            foreach (var w in neuron.Weights) s += w * w;
            if (Bias == BiasMode.Regularized) s += neuron.Bias * neuron.Bias;
            if (L1OutputPenalty)
            {
                double l1 = neuron.OutputWeights.Sum(Math.Abs);
                s += l1 * l1;
            }
            else
            {
                foreach (var v in neuron.OutputWeights) s += v * v;
            }
        }
        return s;
    }

    public JsonArray LayersJson() => new(
        new JsonObject
        {
            ["kind"] = "dense_relu",
            ["weights"] = new JsonArray(Neurons.Select(n => (JsonNode)JsonNumbers.Of(n.Weights)).ToArray()),
            ["biases"] = JsonNumbers.Of(Neurons.Select(n => n.Bias)),
            ["bias_mode"] = Bias == BiasMode.Regularized ? "regularized" : "none",
        },
        new JsonObject
        {
            ["kind"] = "dense_linear",
            ["outputs"] = OutputCount,
            ["weights"] = new JsonArray(Neurons.Select(n => (JsonNode)JsonNumbers.Of(n.OutputWeights)).ToArray()),
            ["weights_layout"] = "one row per hidden unit: v_j (C numbers)",
        });
}
