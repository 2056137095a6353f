using System.Collections.Immutable;
using ConicDsl.Compiler.Data;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures;

/// <summary>
/// The patches x_{s,k} = E_k x_s of math.md §4.1 for a valid (unpadded) convolution with a stride: which feature
/// columns each of the K positions reads. Inputs are channel-first and row-major (<see cref="InputSpec"/>); a
/// patch lists its entries channel by channel, each channel's window row by row, so h = C·k₁·k₂ and a filter is
/// stored in the same order.
/// </summary>
public sealed class PatchLayout
{
    private readonly int[][] _indices;

    private PatchLayout(int[][] indices, int height, int width, ImmutableArray<int> positionGrid)
    {
        _indices = indices;
        Size = indices.Length == 0 ? 0 : indices[0].Length;
        InputHeight = height;
        InputWidth = width;
        PositionGrid = positionGrid;
    }

    /// <summary>K, the number of positions.</summary>
    public int Count => _indices.Length;

    /// <summary>h, the entries of one patch (kernel volume × channels).</summary>
    public int Size { get; }

    public int InputHeight { get; }
    public int InputWidth { get; }

    /// <summary>Positions per axis: [K] for signals, [rows, columns] for images.</summary>
    public ImmutableArray<int> PositionGrid { get; }

    /// <summary>Null when the kernel does not fit the input (larger than it, or a non-positive size or stride).</summary>
    public static PatchLayout? Create(InputSpec input, ImmutableArray<int> kernel, int stride)
    {
        if (input.Shape == InputShape.Vector || stride < 1) return null;
        int height = input.Shape == InputShape.Image ? input.Dimensions[0] : 1;
        int width = input.Shape == InputShape.Image ? input.Dimensions[1] : input.Dimensions[0];
        int kh = input.Shape == InputShape.Image ? kernel[0] : 1;
        int kw = input.Shape == InputShape.Image ? (kernel.Length > 1 ? kernel[1] : kernel[0]) : kernel[0];
        if (kh > height || kw > width || kh < 1 || kw < 1) return null;
        int rows = (height - kh) / stride + 1, cols = (width - kw) / stride + 1;
        var indices = new int[rows * cols][];
        for (int pr = 0; pr < rows; pr++)
        for (int pc = 0; pc < cols; pc++)
        {
            var patch = new int[input.Channels * kh * kw];
            int e = 0;
            for (int c = 0; c < input.Channels; c++)
            for (int r = 0; r < kh; r++)
            for (int q = 0; q < kw; q++)
                patch[e++] = c * height * width + (pr * stride + r) * width + pc * stride + q;
            indices[pr * cols + pc] = patch;
        }
        var grid = input.Shape == InputShape.Image ? ImmutableArray.Create(rows, cols) : ImmutableArray.Create(cols);
        return new PatchLayout(indices, height, width, grid);
    }

    /// <summary>Feature columns read by position k, in patch order.</summary>
    public ReadOnlySpan<int> Indices(int k) => _indices[k];

    /// <summary>X_k (n × h): row s is patch k of sample s.</summary>
    public double[,] PatchMatrix(Dataset data, int k)
    {
        var m = new double[data.Samples, Size];
        var idx = _indices[k];
        for (int s = 0; s < data.Samples; s++)
        for (int j = 0; j < Size; j++)
            m[s, j] = data.Feature(s, idx[j]);
        return m;
    }

    /// <summary>X_st = [X_1; …; X_K] (nK × h): row k·n + s is patch k of sample s.</summary>
    public double[,] Stacked(Dataset data)
    {
        int n = data.Samples;
        var m = new double[n * Count, Size];
        for (int k = 0; k < Count; k++)
        {
            var idx = _indices[k];
            for (int s = 0; s < n; s++)
            for (int j = 0; j < Size; j++)
                m[k * n + s, j] = data.Feature(s, idx[j]);
        }
        return m;
    }

    /// <summary>One patch of one raw input row (for running a recovered network forward).</summary>
    public void Patch(ReadOnlySpan<double> row, int k, Span<double> patch)
    {
        var idx = _indices[k];
        for (int j = 0; j < idx.Length; j++) patch[j] = row[idx[j]];
    }
}
