using System.Collections.Immutable;
using System.Text.Json;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.IO;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Compiler.Prediction;

/// <summary>
/// Reads a network.json (<see cref="NetworkJson"/>) on its own, without the model: the file carries the feature
/// names, the input shape and transform, the label mapping and the layers. Faults are located diagnostics.
/// </summary>
public static class SavedNetworkReader
{
    public static (SavedNetwork? Network, ImmutableArray<Diagnostic> Diagnostics) Read(string path)
    {
        var (document, bytes, error) = JsonFileDocument.Open(path,
            "the file must be one JSON object written by 'conicdsl solve -o DIR'; see docs/formats.md");
        if (error is not null || document is null) return (null, ImmutableArray.Create(error!));
        using (document)
        {
            var fields = new JsonFields(path, new JsonLocations(bytes));
            var network = Network(fields, document.RootElement, path);
            return (fields.Failed ? null : network, fields.Diagnostics.ToImmutableArray());
        }
    }

    private static SavedNetwork? Network(JsonFields f, JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            f.Error(DiagnosticIds.NetworkFieldMissing, "", $"the network file must hold one JSON object, found {JsonFields.Kind(root)}");
            return null;
        }
        if (root.TryGetProperty("format", out var format) && !(format.ValueKind == JsonValueKind.String && format.GetString() == NetworkJson.Format))
        {
            f.Error(DiagnosticIds.NetworkModelMismatch, "format", $"unknown format {format.GetRawText()}; expected \"{NetworkJson.Format}\"");
            return null;
        }
        if (f.Text(root, "", "architecture", "the architecture's name, e.g. \"two_layer_relu\"") is not string architecture) return null;
        if (f.Field(root, "", "features", "the feature column names, in order") is not { } names) return null;
        if (names.ValueKind != JsonValueKind.Array || names.GetArrayLength() == 0 || names.EnumerateArray().Any(n => n.ValueKind != JsonValueKind.String))
        {
            f.Error(DiagnosticIds.NetworkFieldMissing, "features", "'features' must be a non-empty array of column names");
            return null;
        }
        var features = names.EnumerateArray().Select(n => n.GetString()!).ToImmutableArray();
        if (f.Field(root, "", "layers", "the network's weights, layer by layer") is not { } layers) return null;
        if (layers.ValueKind != JsonValueKind.Array)
        {
            f.Error(DiagnosticIds.NetworkFieldMissing, "layers", $"'layers' must be an array of layers, found {JsonFields.Kind(layers)}");
            return null;
        }
        var input = Input(f, root, path, features.Length);
        if (input is null) return null;
        var transform = Transform(f, root, features.Length);
        if (f.Failed) return null;
        var network = new SavedLayers(f, layers, features, input).Build(architecture);
        if (network is null || f.Failed) return null;

        LabelMapping? labels = null;
        if (root.TryGetProperty("label_mapping", out var mapping) && mapping.ValueKind == JsonValueKind.Object)
        {
            if (f.Number(mapping, "label_mapping", "negative", "the label predicted when f(x) < 0") is not double negative ||
                f.Number(mapping, "label_mapping", "positive", "the label predicted when f(x) >= 0") is not double positive) return null;
            labels = new LabelMapping(negative, positive);
        }
        var outputNames = ImmutableArray<string>.Empty;
        var classes = ImmutableArray<double>.Empty;
        if (root.TryGetProperty("outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Object)
        {
            if (outputs.TryGetProperty("names", out var n) && n.ValueKind == JsonValueKind.Array)
                outputNames = n.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToImmutableArray();
            if (outputs.TryGetProperty("classes", out var c) && c.ValueKind == JsonValueKind.Array)
                classes = f.VectorAt(c, "outputs.classes", network.Outputs, "one class label per output") ?? ImmutableArray<double>.Empty;
        }
        if (outputNames.Length != network.Outputs)
            outputNames = Enumerable.Range(0, network.Outputs).Select(k => network.Outputs == 1 ? "" : $"{k}").ToImmutableArray();
        return f.Failed ? null : new SavedNetwork(network, features, transform, labels, outputNames, classes);
    }

    /// <summary>The input's shape (vector, signal or image); a file without 'input' is a vector network.</summary>
    private static InputSpec? Input(JsonFields f, JsonElement root, string path, int features)
    {
        var span = SourceSpan.None(path);
        if (!root.TryGetProperty("input", out var input) || input.ValueKind == JsonValueKind.Null)
            return new InputSpec(InputShape.Vector, ImmutableArray<int>.Empty, 1, BiasMode.None, span);
        if (f.Text(input, "input", "shape", "vector, signal or image") is not string shape) return null;
        if (shape == "vector") return new InputSpec(InputShape.Vector, ImmutableArray<int>.Empty, 1, BiasMode.None, span);
        InputShape? kind = shape switch { "signal" => InputShape.Signal, "image" => InputShape.Image, _ => null };
        if (kind is null)
        {
            f.Error(DiagnosticIds.NetworkFieldMissing, "input.shape", $"unknown input shape \"{shape}\"; expected vector, signal or image");
            return null;
        }
        if (f.Vector(input, "input", "dimensions", kind == InputShape.Image ? 2 : 1, "positions per axis") is not { } dims ||
            f.Integer(input, "input", "channels", "input channels") is not int channels) return null;
        var spec = new InputSpec(kind.Value, dims.Select(d => (int)d).ToImmutableArray(), channels, BiasMode.None, span);
        if (spec.FeatureCount != features)
        {
            f.Error(DiagnosticIds.NetworkDimensionMismatch, "input", $"the input has {spec.FeatureCount} entries (positions × channels) but 'features' names {features} columns");
            return null;
        }
        return spec;
    }

    private static Standardization? Transform(JsonFields f, JsonElement root, int features)
    {
        if (!root.TryGetProperty("input_transform", out var t) || t.ValueKind == JsonValueKind.Null) return null;
        if (f.Vector(t, "input_transform", "mean", features, "one per feature") is not { } mean ||
            f.Vector(t, "input_transform", "scale", features, "one per feature") is not { } scale) return null;
        if (scale.ToList().FindIndex(s => s <= 0) is int k and >= 0)
        {
            f.Error(DiagnosticIds.NetworkFieldMissing, $"input_transform.scale[{k}]", $"'input_transform.scale[{k}]' must be positive");
            return null;
        }
        return new Standardization(mean, scale);
    }
}
