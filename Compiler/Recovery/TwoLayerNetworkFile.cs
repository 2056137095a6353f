using System.Collections.Immutable;
using System.Text.Json;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.IO;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Compiler.Recovery;

/// <summary>
/// Reads a two-layer ReLU network from JSON (docs/formats.md "Network files for certify"): the network.json that
/// <c>conicdsl solve</c> writes, or a hand-written one with only <c>layers</c>. Everything is checked against the
/// model and its bound data; every fault is a located diagnostic (path:line:col), never an exception.
/// </summary>
public static class TwoLayerNetworkFile
{
    public static (TwoLayerReluNetwork? Network, ImmutableArray<Diagnostic> Diagnostics) Read(string path, Model model, Dataset data)
    {
        var (document, bytes, error) = JsonFileDocument.Open(path, "the file must be one JSON object; see docs/formats.md");
        if (error is not null || document is null) return (null, ImmutableArray.Create(error!));
        using (document)
        {
            var reader = new Reader(path, new JsonLocations(bytes));
            var network = reader.Network(document.RootElement, model, data);
            return (reader.Failed ? null : network, reader.Diagnostics.ToImmutableArray());
        }
    }

    private sealed class Reader(string path, JsonLocations at)
    {
        public List<Diagnostic> Diagnostics { get; } = new();

        public bool Failed => Diagnostics.Count > 0;

        private void Error(string id, string jsonPath, string message, string hint = "")
        {
            var (line, column) = at.Of(jsonPath);
            Diagnostics.Add(Diagnostic.Error(id, new SourceSpan(path, line, column, 1), message, hint));
        }

        public TwoLayerReluNetwork? Network(JsonElement root, Model model, Dataset data)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Error(DiagnosticIds.NetworkFieldMissing, "", $"the network file must hold one JSON object, found {Kind(root)}");
                return null;
            }
            if (root.TryGetProperty("format", out var format) && !(format.ValueKind == JsonValueKind.String && format.GetString() == NetworkJson.Format))
                Error(DiagnosticIds.NetworkModelMismatch, "format", $"unknown format {format.GetRawText()}; expected \"{NetworkJson.Format}\"");
            if (root.TryGetProperty("architecture", out var architecture) &&
                !(architecture.ValueKind == JsonValueKind.String && architecture.GetString() == "two_layer_relu"))
                Error(DiagnosticIds.NetworkModelMismatch, "architecture",
                    $"architecture {architecture.GetRawText()} cannot be certified; certify takes \"two_layer_relu\" networks");
            CheckFeatures(root, data);
            CheckTransform(root, data);

            if (!root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            {
                Error(DiagnosticIds.NetworkFieldMissing, root.TryGetProperty("layers", out _) ? "layers" : "",
                    "missing field 'layers' (an array of two layers: dense_relu, then dense_linear)");
                return null;
            }
            if (layers.GetArrayLength() != 2)
            {
                Error(DiagnosticIds.NetworkDimensionMismatch, "layers",
                    $"'layers' has {layers.GetArrayLength()} entries; a two-layer ReLU network has 2 (dense_relu, then dense_linear)");
                return null;
            }
            var hidden = layers[0];
            var output = layers[1];
            if (!Layer(hidden, "layers[0]", "dense_relu") | !Layer(output, "layers[1]", "dense_linear")) return null;

            int d = data.Features;
            var weights = Matrix(hidden, "layers[0].weights", d);
            if (weights is null) return null;
            int m = weights.Length;
            var biases = OptionalVector(hidden, "layers[0].biases", m) ?? new double[m];
            var alphas = Vector(output, "layers[1].weights", m, $"one per hidden unit ({m} rows in layers[0].weights)");
            double offset = 0;
            if (output.TryGetProperty("bias", out var b))
            {
                if (b.ValueKind != JsonValueKind.Number || !double.IsFinite(b.GetDouble()))
                    Error(DiagnosticIds.NetworkFieldMissing, "layers[1].bias", $"'layers[1].bias' must be a finite number, found {Kind(b)}");
                else offset = b.GetDouble();
            }
            var bias = model.Network.Bias;
            if (hidden.TryGetProperty("bias_mode", out var mode) && mode.ValueKind == JsonValueKind.String && mode.GetString() != ModeName(bias))
                Error(DiagnosticIds.NetworkModelMismatch, "layers[0].bias_mode",
                    $"the network's bias_mode is \"{mode.GetString()}\" but the model's is \"{ModeName(bias)}\"");
            if (bias == BiasMode.None && Array.FindIndex(biases, v => v != 0) is int k and >= 0)
                Error(DiagnosticIds.NetworkModelMismatch, $"layers[0].biases[{k}]",
                    $"the model has no hidden bias ('input' without 'bias') but layers[0].biases[{k}] is {biases[k]:R}",
                    "use 'input bias' in the model, or set the biases to 0");
            if (bias != BiasMode.Unregularized && offset != 0)
                Error(DiagnosticIds.NetworkModelMismatch, "layers[1].bias",
                    $"the model has no free output offset but layers[1].bias is {offset:R}",
                    "only 'input bias unregularized' has an output offset");
            if (Failed || alphas is null) return null;
            var neurons = Enumerable.Range(0, m).Select(j => new Neuron(weights[j].ToImmutableArray(), biases[j], alphas[j])).ToImmutableArray();
            return new TwoLayerReluNetwork(data.FeatureNames, bias, neurons, offset);
        }

        private bool Layer(JsonElement layer, string where, string kind)
        {
            if (layer.ValueKind != JsonValueKind.Object)
            {
                Error(DiagnosticIds.NetworkFieldMissing, where, $"'{where}' must be an object with \"kind\": \"{kind}\", found {Kind(layer)}");
                return false;
            }
            if (!layer.TryGetProperty("kind", out var k) || k.ValueKind != JsonValueKind.String)
            {
                Error(DiagnosticIds.NetworkFieldMissing, where, $"missing field 'kind' in {where} (expected \"{kind}\")");
                return false;
            }
            if (k.GetString() != kind)
            {
                Error(DiagnosticIds.NetworkModelMismatch, $"{where}.kind", $"{where} is \"{k.GetString()}\"; expected \"{kind}\"");
                return false;
            }
            return true;
        }

        private double[][]? Matrix(JsonElement layer, string where, int columns)
        {
            string name = where[(where.LastIndexOf('.') + 1)..], owner = where[..where.LastIndexOf('.')];
            if (!layer.TryGetProperty(name, out var rows))
            {
                Error(DiagnosticIds.NetworkFieldMissing, owner, $"missing field '{name}' in {owner} (one row of {columns} input weight(s) per hidden unit)");
                return null;
            }
            if (rows.ValueKind != JsonValueKind.Array)
            {
                Error(DiagnosticIds.NetworkFieldMissing, where, $"'{where}' must be an array of rows, found {Kind(rows)}");
                return null;
            }
            var result = new double[rows.GetArrayLength()][];
            int j = 0;
            foreach (var row in rows.EnumerateArray())
            {
                result[j] = Vector(row, $"{where}[{j}]", columns, $"one per feature of the data ({columns})") ?? Array.Empty<double>();
                j++;
            }
            return Failed ? null : result;
        }

        private double[]? OptionalVector(JsonElement layer, string where, int length)
        {
            string name = where[(where.LastIndexOf('.') + 1)..];
            return layer.TryGetProperty(name, out var v) ? Vector(v, where, length, $"one per hidden unit ({length})") : null;
        }

        private double[]? Vector(JsonElement parentOrArray, string where, int length, string expected)
        {
            var array = parentOrArray;
            if (parentOrArray.ValueKind == JsonValueKind.Object)
            {
                string name = where[(where.LastIndexOf('.') + 1)..], owner = where[..where.LastIndexOf('.')];
                if (!parentOrArray.TryGetProperty(name, out array))
                {
                    Error(DiagnosticIds.NetworkFieldMissing, owner, $"missing field '{name}' in {owner} ({expected})");
                    return null;
                }
            }
            if (array.ValueKind != JsonValueKind.Array)
            {
                Error(DiagnosticIds.NetworkFieldMissing, where, $"'{where}' must be an array of numbers, found {Kind(array)}");
                return null;
            }
            if (array.GetArrayLength() != length)
            {
                Error(DiagnosticIds.NetworkDimensionMismatch, where, $"'{where}' has {array.GetArrayLength()} number(s); expected {expected}");
                return null;
            }
            var result = new double[length];
            int i = 0;
            foreach (var e in array.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Number || !double.IsFinite(e.GetDouble()))
                {
                    Error(DiagnosticIds.NetworkFieldMissing, $"{where}[{i}]", $"'{where}[{i}]' must be a finite number, found {Kind(e)}");
                    return null;
                }
                result[i++] = e.GetDouble();
            }
            return result;
        }

        private void CheckFeatures(JsonElement root, Dataset data)
        {
            if (!root.TryGetProperty("features", out var features)) return;
            if (features.ValueKind != JsonValueKind.Array || features.EnumerateArray().Any(f => f.ValueKind != JsonValueKind.String))
            {
                Error(DiagnosticIds.NetworkFieldMissing, "features", "'features' must be an array of column names");
                return;
            }
            var names = features.EnumerateArray().Select(f => f.GetString()!).ToArray();
            if (names.Length != data.Features)
                Error(DiagnosticIds.NetworkDimensionMismatch, "features",
                    $"the network has {names.Length} feature(s) but the model's data has {data.Features} ({string.Join(", ", data.FeatureNames)})");
            else if (!names.SequenceEqual(data.FeatureNames))
                Error(DiagnosticIds.NetworkModelMismatch, "features",
                    $"the network's features ({string.Join(", ", names)}) are not the model's ({string.Join(", ", data.FeatureNames)}) in the same order");
        }

        /// <summary>The weights act on the features as the model binds them; a stated transform must be the model's.</summary>
        private void CheckTransform(JsonElement root, Dataset data)
        {
            if (!root.TryGetProperty("input_transform", out var transform)) return;
            var model = data.Standardization;
            if (transform.ValueKind == JsonValueKind.Null)
            {
                if (model is not null)
                    Error(DiagnosticIds.NetworkModelMismatch, "input_transform",
                        "the network was trained on raw features (input_transform null) but the model standardizes them");
                return;
            }
            if (model is null)
            {
                Error(DiagnosticIds.NetworkModelMismatch, "input_transform",
                    "the network was trained on standardized features but the model does not standardize them");
                return;
            }
            bool same = transform.ValueKind == JsonValueKind.Object
                        && Close(transform, "mean", model.Mean) && Close(transform, "scale", model.Scale);
            if (!same)
                Error(DiagnosticIds.NetworkModelMismatch, "input_transform",
                    "the network's input_transform (mean, scale) differs from the standardization of the model's data");
        }

        private static bool Close(JsonElement transform, string name, ImmutableArray<double> expected) =>
            transform.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == expected.Length
            && v.EnumerateArray().Select((e, i) => e.ValueKind == JsonValueKind.Number &&
                                                   Math.Abs(e.GetDouble() - expected[i]) <= 1e-9 * Math.Max(1, Math.Abs(expected[i]))).All(ok => ok);
    }

    private static string ModeName(BiasMode bias) => bias switch
    {
        BiasMode.None => "none",
        BiasMode.Regularized => "regularized",
        _ => "unregularized",
    };

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {e.GetRawText()}",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        JsonValueKind.Null => "null",
        _ => e.ValueKind.ToString(),
    };
}
