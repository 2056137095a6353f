using System.Collections.Immutable;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures.Quadratic;

/// <summary>One neuron α·σ(wᵀx + b) with ‖(w, b)‖ = 1 (b = 0 without <c>input bias</c>).</summary>
public sealed record QuadraticNeuron(ImmutableArray<double> Weights, double Bias, double OutputWeight);

/// <summary>
/// f(x) = Σ_j α_j·σ(w_jᵀx + b_j), σ(t) = a·t² + b·t + c, with unit-norm input weights (w_j, b_j) and the penalty
/// β·Σ_j|α_j| (math.md §8.1). Its objective is computed by running it forward, independently of the SDP.
/// </summary>
public sealed record QuadraticNetwork(BiasMode Bias, QuadraticLift Activation, ImmutableArray<QuadraticNeuron> Neurons)
    : ITrainedNetwork
{
    public const string Name = "quadratic";

    public string Architecture => Name;

    public int Units => Neurons.Length;

    public string FunctionText =>
        $"f(x) = sum_j a_j * s(w_j'x + b_j), s(t) = {Activation.A:R}*t^2 + {Activation.B:R}*t + {Activation.C:R}";

    public string RegularizerText => Bias == BiasMode.Regularized
        ? "beta * sum_j |a_j|; the input weights are constrained to ||(w_j, b_j)|| = 1 (bias included) and not penalised"
        : "beta * sum_j |a_j|; the input weights are constrained to ||w_j|| = 1 and not penalised";

    /// <summary>β·Σ|α_j|: this model's penalty is an ℓ1 norm of the output weights, not a weight decay.</summary>
    public double Penalty(double beta) => beta * Neurons.Sum(n => Math.Abs(n.OutputWeight));

    /// <summary>Σ of every squared weight, for completeness: nothing of this model is penalised by its square (see
    /// <see cref="Penalty"/>).</summary>
    public double SquaredWeightSum() =>
        Neurons.Sum(n => n.Weights.Sum(w => w * w) + n.Bias * n.Bias + n.OutputWeight * n.OutputWeight);

    public double Predict(ReadOnlySpan<double> x)
    {
        double f = 0;
        foreach (var neuron in Neurons)
        {
            double t = neuron.Bias;
            for (int j = 0; j < neuron.Weights.Length; j++) t += neuron.Weights[j] * x[j];
            f += neuron.OutputWeight * Activation.Activation(t);
        }
        return f;
    }

    public double[] Predict(Dataset data) => RowwisePrediction.Of(data, Predict);

    public JsonArray LayersJson() => new(
        new JsonObject
        {
            ["kind"] = "dense_quadratic",
            ["activation"] = new JsonObject
            {
                ["a"] = Activation.A, ["b"] = Activation.B, ["c"] = Activation.C,
                ["rule"] = "s(t) = a*t^2 + b*t + c",
            },
            ["weights"] = new JsonArray(Neurons.Select(n => (JsonNode)JsonNumbers.Of(n.Weights)).ToArray()),
            ["biases"] = JsonNumbers.Of(Neurons.Select(n => n.Bias)),
            ["bias_mode"] = Bias == BiasMode.Regularized ? "in the unit-norm constraint" : "none",
            ["constraint"] = "||(weights[j], biases[j])|| = 1",
        },
        new JsonObject
        {
            ["kind"] = "dense_linear",
            ["weights"] = JsonNumbers.Of(Neurons.Select(n => n.OutputWeight)),
            ["bias"] = 0.0,
        });
}
