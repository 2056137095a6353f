using System.Text.Json;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Data;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Recovery;

/// <summary>
/// The trained network as JSON (<c>conicdsl-network/1</c>): first layer weights (m×d) and biases, output
/// weights and offset, the input transform and label mapping needed to use it on raw data, and the objective
/// conventions, so the numbers can be re-checked by anyone.
/// </summary>
public static class NetworkJson
{
    public const string Format = "conicdsl-network/1";

    public static string Write(TwoLayerReluNetwork network, Model model, Dataset data, double objective, double convexOptimum)
    {
        var root = new JsonObject
        {
            ["format"] = Format,
            ["model"] = model.Name,
            ["architecture"] = "two_layer_relu",
            ["features"] = new JsonArray(network.FeatureNames.Select(n => (JsonNode)n).ToArray()),
            ["target"] = data.TargetName,
            ["input_transform"] = data.Standardization is null ? null : new JsonObject
            {
                ["kind"] = "standardize: z = (x - mean) / scale",
                ["mean"] = Numbers(data.Standardization.Mean),
                ["scale"] = Numbers(data.Standardization.Scale),
            },
            ["label_mapping"] = data.Labels is null ? null : new JsonObject
            {
                ["negative"] = data.Labels.Negative,
                ["positive"] = data.Labels.Positive,
                ["rule"] = "predict positive when f(x) >= 0",
            },
            ["layers"] = new JsonArray(
                new JsonObject
                {
                    ["kind"] = "dense_relu",
                    ["weights"] = new JsonArray(network.Neurons.Select(n => (JsonNode)Numbers(n.Weights)).ToArray()),
                    ["biases"] = Numbers(network.Neurons.Select(n => n.Bias)),
                    ["bias_mode"] = network.Bias switch
                    {
                        BiasMode.None => "none",
                        BiasMode.Regularized => "regularized",
                        _ => "unregularized",
                    },
                },
                new JsonObject
                {
                    ["kind"] = "dense_linear",
                    ["weights"] = Numbers(network.Neurons.Select(n => n.OutputWeight)),
                    ["bias"] = network.OutputOffset,
                }),
            ["conventions"] = new JsonObject
            {
                ["function"] = "f(x) = sum_j a_j * max(0, w_j'x + b_j) + offset",
                ["loss"] = model.Loss.Kind == LossKind.Squared ? "1/2 * sum_k (f(x_k) - y_k)^2" : "sum_k max(0, 1 - y_k f(x_k)), y in {-1, +1}",
                ["regularizer"] = network.Bias == BiasMode.Regularized
                    ? "beta/2 * sum_j (||w_j||^2 + b_j^2 + a_j^2)"
                    : "beta/2 * sum_j (||w_j||^2 + a_j^2)",
                ["beta"] = model.Regularizer.Beta,
            },
            ["objective"] = objective,
            ["convex_optimum"] = convexOptimum,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
