using System.Collections.Immutable;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.Data;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Recovery;

/// <summary>One filter of a two-layer CNN and the output weight of its pooled response.</summary>
public sealed record ConvFilter(ImmutableArray<double> Weights, double OutputWeight);

/// <summary>
/// f(x) = Σ_j α_j · pool_k max(0, u_jᵀx_k) over the patches x_k of <see cref="Layout"/> (math.md §4), with pool =
/// sum, mean (÷K) or max. Predictions come from running convolution → ReLU → pooling → linear output on the data
/// rows, so the objective checks the convex program instead of restating it.
/// </summary>
public sealed record ConvPoolNetwork(
    InputSpec Input, ImmutableArray<int> Kernel, int Stride, PoolKind Pooling, PatchLayout Layout,
    ImmutableArray<ConvFilter> Filters) : ITrainedNetwork
{
    public const string Name = "two_layer_cnn";

    public string Architecture => Name;

    public int Units => Filters.Length;

    public string FunctionText => Pooling switch
    {
        PoolKind.Sum => "f(x) = sum_j a_j * sum_k max(0, u_j'x_k), x_k = patch k of x",
        PoolKind.Mean => "f(x) = sum_j a_j * (1/K) * sum_k max(0, u_j'x_k), x_k = patch k of x",
        _ => "f(x) = sum_j a_j * max_k max(0, u_j'x_k), x_k = patch k of x",
    };

    public string RegularizerText => "beta/2 * sum_j (||u_j||^2 + a_j^2)";

    public double[] Predict(Dataset data)
    {
        int k = Layout.Count, h = Layout.Size;
        var row = new double[data.Features];
        var patch = new double[h];
        var f = new double[data.Samples];
        for (int s = 0; s < data.Samples; s++)
        {
            for (int j = 0; j < row.Length; j++) row[j] = data.Feature(s, j);
            double total = 0;
            foreach (var filter in Filters)
            {
                double pooled = Pooling == PoolKind.Max ? double.NegativeInfinity : 0;
                for (int position = 0; position < k; position++)
                {
                    Layout.Patch(row, position, patch);
                    double z = 0;
                    for (int e = 0; e < h; e++) z += filter.Weights[e] * patch[e];
                    double activation = Math.Max(0, z);
                    pooled = Pooling == PoolKind.Max ? Math.Max(pooled, activation) : pooled + activation;
                }
                if (Pooling == PoolKind.Mean) pooled /= k;
                total += filter.OutputWeight * pooled;
            }
            f[s] = total;
        }
        return f;
    }

    public double SquaredWeightSum()
    {
        double s = 0;
        foreach (var filter in Filters)
        {
            foreach (var w in filter.Weights) s += w * w;
            s += filter.OutputWeight * filter.OutputWeight;
        }
        return s;
    }

    public JsonArray LayersJson() => new(
        new JsonObject
        {
            ["kind"] = "conv_relu",
            ["filters"] = new JsonArray(Filters.Select(f => (JsonNode)JsonNumbers.Of(f.Weights)).ToArray()),
            ["kernel"] = new JsonArray(Kernel.Select(k => (JsonNode)k).ToArray()),
            ["stride"] = Stride,
            ["channels"] = Input.Channels,
            ["padding"] = "none (valid positions only)",
            ["filter_layout"] = "channel-first, then kernel row, then kernel column (the input's order)",
            ["positions"] = new JsonArray(Layout.PositionGrid.Select(p => (JsonNode)p).ToArray()),
            ["bias"] = "none",
        },
        new JsonObject
        {
            ["kind"] = "global_pool",
            ["pooling"] = Pooling.ToString().ToLowerInvariant(),
        },
        new JsonObject
        {
            ["kind"] = "dense_linear",
            ["weights"] = JsonNumbers.Of(Filters.Select(f => f.OutputWeight)),
            ["bias"] = 0.0,
        });
}
