using System.Collections.Immutable;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Data;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Recovery;

/// <summary>One hidden ReLU unit: α·max(0, wᵀx + b).</summary>
public sealed record Neuron(ImmutableArray<double> Weights, double Bias, double OutputWeight)
{
    public double PreActivation(ReadOnlySpan<double> x)
    {
        double z = Bias;
        for (int j = 0; j < Weights.Length; j++) z += Weights[j] * x[j];
        return z;
    }
}

/// <summary>
/// f(x) = Σ_j α_j·max(0, w_jᵀx + b_j) + OutputOffset, on the (standardised, if asked) features.
/// This is the non-convex model; its objective is computed by running it forward, independently of the
/// convex program that produced it.
/// </summary>
public sealed record TwoLayerReluNetwork(
    ImmutableArray<string> FeatureNames,
    BiasMode Bias,
    ImmutableArray<Neuron> Neurons,
    double OutputOffset) : ITrainedNetwork
{
    public string Architecture => "two_layer_relu";

    public int Units => Neurons.Length;

    public string FunctionText => "f(x) = sum_j a_j * max(0, w_j'x + b_j) + offset";

    public string RegularizerText => Bias == BiasMode.Regularized
        ? "beta/2 * sum_j (||w_j||^2 + b_j^2 + a_j^2)"
        : "beta/2 * sum_j (||w_j||^2 + a_j^2)";

    public JsonArray LayersJson() => new(
        new JsonObject
        {
            ["kind"] = "dense_relu",
            ["weights"] = new JsonArray(Neurons.Select(n => (JsonNode)JsonNumbers.Of(n.Weights)).ToArray()),
            ["biases"] = JsonNumbers.Of(Neurons.Select(n => n.Bias)),
            ["bias_mode"] = Bias switch
            {
                BiasMode.None => "none",
                BiasMode.Regularized => "regularized",
                _ => "unregularized",
            },
        },
        new JsonObject
        {
            ["kind"] = "dense_linear",
            ["weights"] = JsonNumbers.Of(Neurons.Select(n => n.OutputWeight)),
            ["bias"] = OutputOffset,
        });

    public double Predict(ReadOnlySpan<double> x)
    {
        double f = OutputOffset;
        foreach (var neuron in Neurons) f += neuron.OutputWeight * Math.Max(0, neuron.PreActivation(x));
        return f;
    }

    public double[] Predict(Dataset data) => RowwisePrediction.Of(data, Predict);

    /// <summary>Σ_j (‖w_j‖² + b_j² + α_j²), where b_j counts only when the bias is regularised (conventions.md).</summary>
    public double SquaredWeightSum()
    {
        double s = 0;
        foreach (var neuron in Neurons)
        {
            foreach (var w in neuron.Weights) s += w * w;
            if (Bias == BiasMode.Regularized) s += neuron.Bias * neuron.Bias;
            s += neuron.OutputWeight * neuron.OutputWeight;
        }
        return s;
    }
}
