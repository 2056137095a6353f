using System.Collections.Immutable;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.Data;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Recovery;

/// <summary>One sub-network of a three-layer CNN: first-layer filter(s) (one shared, or one per position), dense
/// weights over the K positions and the output weight.</summary>
public sealed record Subnetwork(ImmutableArray<ImmutableArray<double>> Filters, ImmutableArray<double> DenseWeights, double OutputWeight)
{
    public ImmutableArray<double> Filter(int position) => Filters.Length == 1 ? Filters[0] : Filters[position];
}

/// <summary>
/// f(x) = Σ_j α_j·max(0, Σ_k w_jk·max(0, u_jkᵀx_k)) over the patches x_k of <see cref="Layout"/> (math.md §6), with
/// u_jk = u_j for a shared filter (E1) and ‖u‖ ≤ 1. Predictions come from running the layers forward on the data
/// rows, so the objective checks the convex program instead of restating it.
/// </summary>
public sealed record ConvDenseNetwork(InputSpec Input, ConvLayerSpec Conv, PatchLayout Layout, ImmutableArray<Subnetwork> Subnetworks)
    : ITrainedNetwork
{
    public const string Name = "three_layer_cnn";

    public string Architecture => Name;

    public bool SharedFilter => Conv.Kind == ConvKind.Shared;

    public int Units => Subnetworks.Length;

    public string FunctionText => SharedFilter
        ? "f(x) = sum_j a_j * max(0, sum_k w_jk * max(0, u_j'x_k)), x_k = patch k of x"
        : "f(x) = sum_j a_j * max(0, sum_k w_jk * max(0, u_jk'x_k)), x_k = patch k of x";

    public string RegularizerText => "beta/2 * sum_j (||w_j||^2 + a_j^2); filters constrained to ||u|| <= 1, not penalised";

    public double[] Predict(Dataset data)
    {
        int positions = Layout.Count, h = Layout.Size;
        var row = new double[data.Features];
        var patch = new double[h];
        var f = new double[data.Samples];
        for (int s = 0; s < data.Samples; s++)
        {
            for (int j = 0; j < row.Length; j++) row[j] = data.Feature(s, j);
            double total = 0;
            foreach (var unit in Subnetworks)
            {
                double g = 0;
                for (int k = 0; k < positions; k++)
                {
                    Layout.Patch(row, k, patch);
                    var u = unit.Filter(k);
                    double z = 0;
                    for (int e = 0; e < h; e++) z += u[e] * patch[e];
                    g += unit.DenseWeights[k] * Math.Max(0, z);
                }
                total += unit.OutputWeight * Math.Max(0, g);
            }
            f[s] = total;
        }
        return f;
    }

    public double SquaredWeightSum()
    {
        double s = 0;
        foreach (var unit in Subnetworks)
        {
            foreach (var w in unit.DenseWeights) s += w * w;
            s += unit.OutputWeight * unit.OutputWeight;
        }
        return s;
    }

    public JsonArray LayersJson() => new(
        new JsonObject
        {
            ["kind"] = SharedFilter ? "conv_relu" : "conv_local_relu",
            ["filters"] = new JsonArray(Subnetworks.Select(u =>
                (JsonNode)new JsonArray(u.Filters.Select(f => (JsonNode)JsonNumbers.Of(f)).ToArray())).ToArray()),
            ["filters_per_unit"] = SharedFilter ? "one, shared by every position" : "one per position, in position order",
            ["kernel"] = new JsonArray(Conv.Size.Select(k => (JsonNode)k).ToArray()),
            ["stride"] = Conv.Stride,
            ["channels"] = Input.Channels,
            ["padding"] = "none (valid positions only)",
            ["filter_layout"] = "channel-first, then kernel row, then kernel column (the input's order)",
            ["positions"] = new JsonArray(Layout.PositionGrid.Select(p => (JsonNode)p).ToArray()),
            ["unit_norm"] = true,
            ["bias"] = "none",
        },
        new JsonObject
        {
            ["kind"] = "dense_relu_per_unit",
            ["weights"] = new JsonArray(Subnetworks.Select(u => (JsonNode)JsonNumbers.Of(u.DenseWeights)).ToArray()),
            ["bias"] = "none",
        },
        new JsonObject
        {
            ["kind"] = "dense_linear",
            ["weights"] = JsonNumbers.Of(Subnetworks.Select(u => u.OutputWeight)),
            ["bias"] = 0.0,
        });
}
