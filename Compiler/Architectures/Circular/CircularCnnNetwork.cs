using System.Collections.Immutable;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Recovery;

namespace ConicDsl.Compiler.Architectures.Circular;

/// <summary>
/// One chain of a circular CNN: the first circular layer's filter (one row per input channel), the filters of
/// the later circular layers (one per chain: depthwise), the dense weights, and the output weight (1 in a linear
/// network, which has none).
/// </summary>
public sealed record CircularUnit(double[][] FirstFilter, double[][] LaterFilters, double[] Dense, double OutputWeight);

/// <summary>
/// A circular CNN run forward layer by layer on the (standardised, if asked) rows: for each unit j,
/// h = Σ_ch c_{1,j,ch} ⋆ x_ch, then h ← c_{l,j} ⋆ h for the later layers, then z_j = ⟨w_j, h⟩;
/// <c>Relu</c>: f(x) = Σ_j α_j·max(0, z_j) with ‖c‖ ≤ 1 filters outside the weight decay (math.md §5.5, §5.6);
/// linear: f(x) = Σ_j z_j with filters and dense weights decayed (§5.4). ⋆ is circular correlation.
/// </summary>
public sealed record CircularCnnNetwork(
    int Rows, int Columns, int Channels, bool Relu, ImmutableArray<CircularUnit> Chains) : ITrainedNetwork
{
    public string Architecture => CircularCnnPlugin.WireName;

    public int Units => Chains.Length;

    public string FunctionText => Relu
        ? "f(x) = sum_j a_j * max(0, <w_j, c_{L-2,j} (*) ... c_{2,j} (*) (sum_ch c_{1,j,ch} (*) x_ch)>), (c (*) x)_i = sum_b c_b x_{(i+b) mod d} (circular correlation, per axis)"
        : "f(x) = sum_j <w_j, sum_ch c_{j,ch} (*) x_ch>, (c (*) x)_i = sum_b c_b x_{(i+b) mod d} (circular correlation, per axis)";

    public string RegularizerText => Relu
        ? "beta/2 * sum_j (||w_j||^2 + a_j^2), every filter constrained to ||c|| <= 1 (not decayed)"
        : "beta/2 * sum_j (||c_j||^2 + ||w_j||^2)";

    public double[] Predict(Dataset data)
    {
        int d = Rows * Columns;
        var f = new double[data.Samples];
        var x = new double[Channels * d];
        var h = new double[d];
        var next = new double[d];
        for (int s = 0; s < data.Samples; s++)
        {
            for (int j = 0; j < x.Length; j++) x[j] = data.Feature(s, j);
            double total = 0;
            foreach (var unit in Chains)
            {
                Array.Clear(h);
                for (int ch = 0; ch < Channels; ch++)
                    CircularCorrelation.Accumulate(unit.FirstFilter[ch], x.AsSpan(ch * d, d), Rows, Columns, h);
                foreach (var filter in unit.LaterFilters)
                {
                    Array.Clear(next);
                    CircularCorrelation.Accumulate(filter, h, Rows, Columns, next);
                    (h, next) = (next, h);
                }
                double z = 0;
                for (int a = 0; a < d; a++) z += unit.Dense[a] * h[a];
                total += Relu ? unit.OutputWeight * Math.Max(0, z) : z;
            }
            f[s] = total;
        }
        return f;
    }

    public double SquaredWeightSum()
    {
        double s = 0;
        foreach (var unit in Chains)
        {
            s += unit.Dense.Sum(w => w * w);
            if (Relu) s += unit.OutputWeight * unit.OutputWeight;
            else s += unit.FirstFilter.Sum(row => row.Sum(c => c * c));
        }
        return s;
    }

    public JsonArray LayersJson()
    {
        var layers = new JsonArray
        {
            new JsonObject
            {
                ["kind"] = "circular_correlation",
                ["operation"] = "out_j = sum_ch c_{j,ch} (*) x_ch, (c (*) x)_i = sum_b c_b x_{(i+b) mod d}",
                ["grid"] = new JsonArray(Rows, Columns),
                ["unit_norm"] = Relu,
                ["filters"] = new JsonArray(Chains.Select(u => (JsonNode)new JsonArray(
                    u.FirstFilter.Select(row => (JsonNode)JsonNumbers.Of(row)).ToArray())).ToArray()),
            },
        };
        int later = Chains.IsEmpty ? 0 : Chains[0].LaterFilters.Length;
        for (int l = 0; l < later; l++)
        {
            layers.Add(new JsonObject
            {
                ["kind"] = "circular_correlation_depthwise",
                ["operation"] = "out_j = c_j (*) in_j (one filter per chain)",
                ["grid"] = new JsonArray(Rows, Columns),
                ["unit_norm"] = true,
                ["filters"] = new JsonArray(Chains.Select(u => (JsonNode)JsonNumbers.Of(u.LaterFilters[l])).ToArray()),
            });
        }
        if (Relu)
        {
            layers.Add(new JsonObject
            {
                ["kind"] = "dense_relu_per_chain",
                ["operation"] = "z_j = max(0, <w_j, out_j>)",
                ["weights"] = new JsonArray(Chains.Select(u => (JsonNode)JsonNumbers.Of(u.Dense)).ToArray()),
            });
            layers.Add(new JsonObject
            {
                ["kind"] = "dense_linear",
                ["weights"] = JsonNumbers.Of(Chains.Select(u => u.OutputWeight)),
                ["bias"] = 0.0,
            });
        }
        else
        {
            layers.Add(new JsonObject
            {
                ["kind"] = "dense_linear",
                ["operation"] = "f = sum_j <w_j, out_j>",
                ["weights"] = new JsonArray(Chains.Select(u => (JsonNode)JsonNumbers.Of(u.Dense)).ToArray()),
                ["bias"] = 0.0,
            });
        }
        return layers;
    }
}
