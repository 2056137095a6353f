using System.Text.Json;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Data;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Recovery;

/// <summary>
/// The trained network as JSON (<c>conicdsl-network/1</c>): the architecture's layers, the input transform and
/// label mapping needed to use it on raw data, and the objective conventions, so the numbers can be re-checked by
/// anyone.
/// </summary>
public static class NetworkJson
{
    public const string Format = "conicdsl-network/1";

    public static string Write(ITrainedNetwork network, Model model, Dataset data, double objective, double convexOptimum)
    {
        var root = new JsonObject
        {
            ["format"] = Format,
            ["model"] = model.Name,
            ["architecture"] = network.Architecture,
            ["features"] = new JsonArray(data.FeatureNames.Select(n => (JsonNode)n).ToArray()),
            ["input"] = InputJson(model.Network.Input),
            ["target"] = data.TargetName,
            ["input_transform"] = data.Standardization is null ? null : new JsonObject
            {
                ["kind"] = "standardize: z = (x - mean) / scale",
                ["mean"] = JsonNumbers.Of(data.Standardization.Mean),
                ["scale"] = JsonNumbers.Of(data.Standardization.Scale),
            },
            ["label_mapping"] = data.Labels is null ? null : new JsonObject
            {
                ["negative"] = data.Labels.Negative,
                ["positive"] = data.Labels.Positive,
                ["rule"] = "predict positive when f(x) >= 0",
            },
            ["layers"] = network.LayersJson(),
            ["conventions"] = new JsonObject
            {
                ["function"] = network.FunctionText,
                ["loss"] = Losses.LossFactory.Convention(model.Loss),
                ["regularizer"] = network.RegularizerText,
                ["beta"] = model.Regularizer.Beta,
            },
            ["objective"] = objective,
            ["convex_optimum"] = convexOptimum,
        };
        if (data.OutputTargets is { } outputs)
        {
            root["outputs"] = new JsonObject
            {
                ["names"] = new JsonArray(outputs.Names.Select(n => (JsonNode)n).ToArray()),
                ["classes"] = outputs.OneHot ? JsonNumbers.Of(outputs.Classes) : null,
                ["encoding"] = outputs.Encoding,
                ["rule"] = outputs.OneHot ? "predicted class: classes[k] for the largest output k" : null,
            };
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonObject InputJson(InputSpec input) => new()
    {
        ["shape"] = input.Shape.ToString().ToLowerInvariant(),
        ["dimensions"] = new JsonArray(input.Dimensions.Select(d => (JsonNode)d).ToArray()),
        ["channels"] = input.Channels,
        ["layout"] = input.Shape == InputShape.Vector ? "features in column order" : "channel-first, row-major: column c*H*W + r*W + w",
    };
}
