using System.Collections.Immutable;
using System.Text.Json;
using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.Architectures.Circular;
using ConicDsl.Compiler.Architectures.Quadratic;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Compiler.Prediction;

/// <summary>
/// Rebuilds each architecture's <see cref="ITrainedNetwork"/> from the <c>layers</c> its LayersJson wrote, so
/// predictions run through the same forward pass as the recovered network. One method per architecture; each
/// returns null after reporting what is missing.
/// </summary>
internal sealed class SavedLayers(JsonFields f, JsonElement layers, ImmutableArray<string> features, InputSpec input)
{
    private int D => features.Length;

    public ITrainedNetwork? Build(string architecture) => architecture switch
    {
        "two_layer_relu" => TwoLayerRelu(),
        GatedReluNetwork.Name => GatedRelu(),
        VectorReluNetwork.Name => VectorRelu(),
        QuadraticNetwork.Name => Quadratic(),
        ConvPoolNetwork.Name => ConvPool(),
        ConvDenseNetwork.Name => ConvDense(),
        CircularCnnPlugin.WireName => Circular(),
        _ => Refuse(architecture),
    };

    private ITrainedNetwork? Refuse(string architecture)
    {
        f.Error(DiagnosticIds.NetworkModelMismatch, "architecture",
            $"predict cannot run \"{architecture}\" networks yet; it runs two_layer_relu, gated_relu, vector_output_relu, quadratic, two_layer_cnn, three_layer_cnn and circular_cnn");
        return null;
    }

    private JsonElement? Layer(int index, string kind)
    {
        string where = $"layers[{index}]";
        if (layers.GetArrayLength() <= index)
        {
            f.Error(DiagnosticIds.NetworkDimensionMismatch, "layers", $"'layers' has {layers.GetArrayLength()} entries; expected a {kind} layer at index {index}");
            return null;
        }
        var layer = layers[index];
        var actual = f.Text(layer, where, "kind", $"expected \"{kind}\"");
        if (actual is null) return null;
        if (actual != kind && !(kind == "conv_relu|conv_local_relu" && actual is "conv_relu" or "conv_local_relu"))
        {
            f.Error(DiagnosticIds.NetworkModelMismatch, $"{where}.kind", $"{where} is \"{actual}\"; this architecture has \"{kind}\" there");
            return null;
        }
        return layer;
    }

    private static BiasMode Bias(string? mode) => mode switch
    {
        "regularized" or "in the unit-norm constraint" => BiasMode.Regularized,
        "unregularized" => BiasMode.Unregularized,
        _ => BiasMode.None,
    };

    private ITrainedNetwork? TwoLayerRelu()
    {
        if (Layer(0, "dense_relu") is not { } hidden || Layer(1, "dense_linear") is not { } output) return null;
        if (f.Matrix(hidden, "layers[0]", "weights", null, D, "one row of input weights per hidden unit") is not { } w) return null;
        int m = w.Length;
        if (f.Vector(hidden, "layers[0]", "biases", m, "one per hidden unit") is not { } b ||
            f.Vector(output, "layers[1]", "weights", m, "one output weight per hidden unit") is not { } a ||
            f.Number(output, "layers[1]", "bias", "the output offset") is not double offset) return null;
        var mode = hidden.TryGetProperty("bias_mode", out var bm) && bm.ValueKind == JsonValueKind.String ? bm.GetString() : null;
        return new TwoLayerReluNetwork(features, Bias(mode),
            Enumerable.Range(0, m).Select(j => new Neuron(w[j], b[j], a[j])).ToImmutableArray(), offset);
    }

    private ITrainedNetwork? GatedRelu()
    {
        if (Layer(0, "dense_gated_relu") is not { } hidden || Layer(1, "dense_linear") is not { } output) return null;
        if (f.Matrix(hidden, "layers[0]", "weights", null, D, "one row of input weights per unit") is not { } w) return null;
        int m = w.Length;
        if (f.Matrix(hidden, "layers[0]", "gate_weights", m, D, "one gate per unit") is not { } g ||
            f.Vector(hidden, "layers[0]", "gate_biases", m, "one per unit") is not { } gb ||
            f.Vector(hidden, "layers[0]", "biases", m, "one per unit") is not { } b ||
            f.Vector(output, "layers[1]", "weights", m, "one output weight per unit") is not { } a) return null;
        var mode = hidden.TryGetProperty("bias_mode", out var bm) && bm.ValueKind == JsonValueKind.String ? bm.GetString() : null;
        return new GatedReluNetwork(Bias(mode),
            Enumerable.Range(0, m).Select(j => new GatedNeuron(g[j], gb[j], w[j], b[j], a[j])).ToImmutableArray());
    }

    private ITrainedNetwork? VectorRelu()
    {
        if (Layer(0, "dense_relu") is not { } hidden || Layer(1, "dense_linear") is not { } output) return null;
        if (f.Matrix(hidden, "layers[0]", "weights", null, D, "one row of input weights per hidden unit") is not { } w) return null;
        int m = w.Length;
        if (f.Integer(output, "layers[1]", "outputs", "the number of outputs C", minimum: 2) is not int c ||
            f.Vector(hidden, "layers[0]", "biases", m, "one per hidden unit") is not { } b ||
            f.Matrix(output, "layers[1]", "weights", m, c, "one row of C output weights per hidden unit") is not { } v) return null;
        var mode = hidden.TryGetProperty("bias_mode", out var bm) && bm.ValueKind == JsonValueKind.String ? bm.GetString() : null;
        return new VectorReluNetwork(features, Bias(mode), c,
            Enumerable.Range(0, m).Select(j => new VectorNeuron(w[j], b[j], v[j])).ToImmutableArray());
    }

    private ITrainedNetwork? Quadratic()
    {
        if (Layer(0, "dense_quadratic") is not { } hidden || Layer(1, "dense_linear") is not { } output) return null;
        if (f.Field(hidden, "layers[0]", "activation", "the coefficients a, b, c of s(t) = a*t^2 + b*t + c") is not { } s ||
            f.Number(s, "layers[0].activation", "a", "s(t)'s t^2 coefficient") is not double qa ||
            f.Number(s, "layers[0].activation", "b", "s(t)'s t coefficient") is not double qb ||
            f.Number(s, "layers[0].activation", "c", "s(t)'s constant") is not double qc) return null;
        if (f.Matrix(hidden, "layers[0]", "weights", null, D, "one row of input weights per unit") is not { } w) return null;
        int m = w.Length;
        if (f.Vector(hidden, "layers[0]", "biases", m, "one per unit") is not { } b ||
            f.Vector(output, "layers[1]", "weights", m, "one output weight per unit") is not { } a) return null;
        var mode = hidden.TryGetProperty("bias_mode", out var bm) && bm.ValueKind == JsonValueKind.String ? bm.GetString() : null;
        return new QuadraticNetwork(Bias(mode), new QuadraticLift(qa, qb, qc),
            Enumerable.Range(0, m).Select(j => new QuadraticNeuron(w[j], b[j], a[j])).ToImmutableArray());
    }

    /// <summary>The patch layout from the file's input shape and the conv layer's kernel and stride.</summary>
    private (PatchLayout Layout, ImmutableArray<int> Kernel, int Stride)? Patches(JsonElement conv)
    {
        if (input.Shape == InputShape.Vector)
        {
            f.Error(DiagnosticIds.NetworkFieldMissing, "input", "a convolutional network needs 'input' with shape signal or image and its dimensions");
            return null;
        }
        if (f.Field(conv, "layers[0]", "kernel", "the kernel size per axis") is not { } k ||
            f.VectorAt(k, "layers[0].kernel", null, "kernel size per axis") is not { } kernelValues ||
            f.Integer(conv, "layers[0]", "stride", "the stride") is not int stride) return null;
        var kernel = kernelValues.Select(v => (int)v).ToImmutableArray();
        if (kernel.IsEmpty || PatchLayout.Create(input, kernel, stride) is not { } layout)
        {
            f.Error(DiagnosticIds.NetworkDimensionMismatch, "layers[0].kernel", "the kernel and stride do not fit the input's dimensions");
            return null;
        }
        return (layout, kernel, stride);
    }

    private ITrainedNetwork? ConvPool()
    {
        if (Layer(0, "conv_relu") is not { } conv || Layer(1, "global_pool") is not { } pool || Layer(2, "dense_linear") is not { } output) return null;
        if (Patches(conv) is not var (layout, kernel, stride)) return null;
        if (f.Matrix(conv, "layers[0]", "filters", null, layout.Size, "one filter per unit, channel-first") is not { } u) return null;
        if (f.Text(pool, "layers[1]", "pooling", "sum, mean or max") is not string pooling ||
            f.Vector(output, "layers[2]", "weights", u.Length, "one output weight per filter") is not { } a) return null;
        PoolKind? kind = pooling switch { "sum" => PoolKind.Sum, "mean" => PoolKind.Mean, "max" => PoolKind.Max, _ => null };
        if (kind is null)
        {
            f.Error(DiagnosticIds.NetworkFieldMissing, "layers[1].pooling", $"unknown pooling \"{pooling}\"; expected sum, mean or max");
            return null;
        }
        return new ConvPoolNetwork(input, kernel, stride, kind.Value, layout,
            Enumerable.Range(0, u.Length).Select(j => new ConvFilter(u[j], a[j])).ToImmutableArray());
    }

    /// <summary>circular_correlation, then any circular_correlation_depthwise layers, then either dense_relu_per_chain
    /// and dense_linear (one ReLU) or a dense_linear with one row per chain (the linear network).</summary>
    private ITrainedNetwork? Circular()
    {
        if (Layer(0, "circular_correlation") is not { } first) return null;
        int rows = input.Shape == InputShape.Image ? input.Dimensions[0] : 1;
        int columns = input.Shape == InputShape.Image ? input.Dimensions[1] : input.Dimensions.IsEmpty ? 0 : input.Dimensions[0];
        int d = rows * columns;
        if (input.Shape == InputShape.Vector)
        {
            f.Error(DiagnosticIds.NetworkFieldMissing, "input", "a circular CNN needs 'input' with shape signal or image and its dimensions");
            return null;
        }
        if (f.Field(first, "layers[0]", "filters", "per chain, one filter per input channel") is not { } filters) return null;
        if (filters.ValueKind != JsonValueKind.Array)
        {
            f.Error(DiagnosticIds.NetworkFieldMissing, "layers[0].filters", "'layers[0].filters' must be an array with one entry per chain");
            return null;
        }
        int m = filters.GetArrayLength();
        var firstFilters = new List<double[][]>();
        for (int j = 0; j < m; j++)
        {
            if (f.MatrixAt(filters[j], $"layers[0].filters[{j}]", input.Channels, d, "one filter of H*W taps per input channel") is not { } c) return null;
            firstFilters.Add(c.Select(r => r.ToArray()).ToArray());
        }
        var later = new List<ImmutableArray<ImmutableArray<double>>>();
        int index = 1;
        while (index < layers.GetArrayLength() && layers[index].TryGetProperty("kind", out var k) && k.GetString() == "circular_correlation_depthwise")
        {
            if (f.Matrix(layers[index], $"layers[{index}]", "filters", m, d, "one filter per chain") is not { } c) return null;
            later.Add(c);
            index++;
        }
        bool relu = index < layers.GetArrayLength() && layers[index].TryGetProperty("kind", out var next) && next.GetString() == "dense_relu_per_chain";
        ImmutableArray<ImmutableArray<double>> dense;
        ImmutableArray<double> alphas;
        if (relu)
        {
            if (f.Matrix(layers[index], $"layers[{index}]", "weights", m, d, "one dense weight vector per chain") is not { } w ||
                Layer(index + 1, "dense_linear") is not { } output ||
                f.Vector(output, $"layers[{index + 1}]", "weights", m, "one output weight per chain") is not { } a) return null;
            (dense, alphas) = (w, a);
        }
        else
        {
            if (Layer(index, "dense_linear") is not { } output ||
                f.Matrix(output, $"layers[{index}]", "weights", m, d, "one dense weight vector per chain") is not { } w) return null;
            (dense, alphas) = (w, Enumerable.Repeat(1.0, m).ToImmutableArray());
        }
        var chains = Enumerable.Range(0, m).Select(j => new CircularUnit(firstFilters[j],
            later.Select(l => l[j].ToArray()).ToArray(), dense[j].ToArray(), alphas[j])).ToImmutableArray();
        return new CircularCnnNetwork(rows, columns, input.Channels, relu, chains);
    }

    private ITrainedNetwork? ConvDense()
    {
        if (Layer(0, "conv_relu|conv_local_relu") is not { } conv || Layer(1, "dense_relu_per_unit") is not { } dense ||
            Layer(2, "dense_linear") is not { } output) return null;
        if (Patches(conv) is not var (layout, kernel, stride)) return null;
        bool shared = conv.GetProperty("kind").GetString() == "conv_relu";
        if (f.Field(conv, "layers[0]", "filters", "per unit, its filters") is not { } filters) return null;
        if (filters.ValueKind != JsonValueKind.Array)
        {
            f.Error(DiagnosticIds.NetworkFieldMissing, "layers[0].filters", "'layers[0].filters' must be an array with one entry per unit");
            return null;
        }
        int m = filters.GetArrayLength();
        var units = new List<(ImmutableArray<ImmutableArray<double>> Filters, int Index)>();
        for (int j = 0; j < m; j++)
        {
            if (f.MatrixAt(filters[j], $"layers[0].filters[{j}]", shared ? 1 : layout.Count, layout.Size,
                    shared ? "one filter shared by every position" : "one filter per position") is not { } uj) return null;
            units.Add((uj, j));
        }
        if (f.Matrix(dense, "layers[1]", "weights", m, layout.Count, "one weight per position, per unit") is not { } w ||
            f.Vector(output, "layers[2]", "weights", m, "one output weight per unit") is not { } a) return null;
        var spec = new ConvLayerSpec(shared ? ConvKind.Shared : ConvKind.Local, m, kernel, stride, UnitNorm: true, Relu: true, SourceSpan.None(""));
        return new ConvDenseNetwork(input, spec, layout,
            units.Select(u => new Subnetwork(u.Filters, w[u.Index], a[u.Index])).ToImmutableArray());
    }
}
