using System.Collections.Immutable;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Data;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Recovery;

/// <summary>
/// One gated ReLU unit: α·1[gᵀx + g_b ≥ 0]·(wᵀx + b). The gate (<see cref="GateWeights"/>, <see cref="GateBias"/>) is
/// fixed, not trained; ties (gᵀx + g_b = 0) count as open, the rule of the sign patterns.
/// </summary>
public sealed record GatedNeuron(
    ImmutableArray<double> GateWeights, double GateBias, ImmutableArray<double> Weights, double Bias, double OutputWeight)
{
    public bool Open(ReadOnlySpan<double> x)
    {
        double z = GateBias;
        for (int j = 0; j < GateWeights.Length; j++) z += GateWeights[j] * x[j];
        return z >= 0;
    }

    public double Linear(ReadOnlySpan<double> x)
    {
        double z = Bias;
        for (int j = 0; j < Weights.Length; j++) z += Weights[j] * x[j];
        return z;
    }
}

/// <summary>
/// f(x) = Σ_i α_i·1[g_iᵀx̃ ≥ 0]·(u_iᵀx̃), x̃ = [x, 1] with <c>input bias</c> (math.md §2.6). The gates are stored, so the
/// network runs on new data; its objective is computed by running it forward, independently of the convex program.
/// Only the weights u_i (bias included when regularised) and α_i are penalised; gates are fixed and free.
/// </summary>
public sealed record GatedReluNetwork(BiasMode Bias, ImmutableArray<GatedNeuron> Neurons) : ITrainedNetwork
{
    public const string Name = "gated_relu";

    public string Architecture => Name;

    public int Units => Neurons.Length;

    public string FunctionText => "f(x) = sum_i a_i * [g_i'x + c_i >= 0] * (w_i'x + b_i)";

    public string RegularizerText => Bias == BiasMode.Regularized
        ? "beta/2 * sum_i (||w_i||^2 + b_i^2 + a_i^2); the gates (g_i, c_i) are fixed and not penalised"
        : "beta/2 * sum_i (||w_i||^2 + a_i^2); the gates g_i are fixed and not penalised";

    public double Predict(ReadOnlySpan<double> x)
    {
        double f = 0;
        foreach (var neuron in Neurons)
            if (neuron.Open(x)) f += neuron.OutputWeight * neuron.Linear(x);
        return f;
    }

    public double[] Predict(Dataset data) => RowwisePrediction.Of(data, Predict);

    public double SquaredWeightSum()
    {
        double s = 0;
        foreach (var neuron in Neurons)
        {
            foreach (var w in neuron.Weights) s += w * w;
            s += neuron.Bias * neuron.Bias + neuron.OutputWeight * neuron.OutputWeight;
        }
        return s;
    }

    public JsonArray LayersJson() => new(
        new JsonObject
        {
            ["kind"] = "dense_gated_relu",
            ["gate_weights"] = new JsonArray(Neurons.Select(n => (JsonNode)JsonNumbers.Of(n.GateWeights)).ToArray()),
            ["gate_biases"] = JsonNumbers.Of(Neurons.Select(n => n.GateBias)),
            ["gate_rule"] = "unit i is open on x when gate_weights[i]'x + gate_biases[i] >= 0 (ties open)",
            ["weights"] = new JsonArray(Neurons.Select(n => (JsonNode)JsonNumbers.Of(n.Weights)).ToArray()),
            ["biases"] = JsonNumbers.Of(Neurons.Select(n => n.Bias)),
            ["bias_mode"] = Bias == BiasMode.Regularized ? "regularized" : "none",
        },
        new JsonObject
        {
            ["kind"] = "dense_linear",
            ["weights"] = JsonNumbers.Of(Neurons.Select(n => n.OutputWeight)),
            ["bias"] = 0.0,
        });
}
