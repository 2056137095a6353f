using System.Numerics;
using System.Runtime.InteropServices;
using ConicDsl.LinearAlgebra;

namespace ConicDsl.Backends.Native;

/// <summary>
/// In-place LDLᵀ of one supernode's dense panel (rows × width, row-major; the top width × width block is the
/// diagonal block, the rest the rows below it), after all updates from other supernodes have been applied. Left-looking
/// in blocks of <see cref="Block"/> columns: the update of a block by the panel's earlier columns is one dense product
/// (OpenBLAS GEMM when present), and inside a block each column is finished by short contiguous dot products, so wide
/// panels (the dense trailing block of a KKT matrix) run at GEMM speed while narrow ones need no call at all.
/// </summary>
internal static class PanelLdl
{
    public const int Block = 64;

    /// <summary>The pivots of one panel and the rule that regularizes them: pivot c should be positive when the
    /// caller's index Original[c] is below Positive, negative otherwise; one of the wrong sign or smaller than
    /// Epsilon in size becomes ±Delta (the rule of <see cref="DenseLdl"/>).</summary>
    public readonly ref struct Pivots(Span<double> d, ReadOnlySpan<int> original, int positive, double epsilon, double delta)
    {
        public readonly Span<double> D = d;
        public readonly ReadOnlySpan<int> Original = original;
        public readonly int Positive = positive;
        public readonly double Epsilon = epsilon, Delta = delta;
    }

    /// <returns>The number of regularized pivots, or −1 when a non-finite pivot appeared.</returns>
    public static int Factor(Span<double> panel, int rows, int width, Pivots pivots, IDenseLinearAlgebra blas, CancellationToken stop)
    {
        var d = pivots.D;
        int regularized = 0;
        double[]? scaled = width > Block ? new double[Block * width] : null;
        var dl = new double[Math.Min(width, Block)];
        for (int c0 = 0; c0 < width; c0 += Block)
        {
            if (c0 > 0) stop.ThrowIfCancellationRequested();
            int c1 = Math.Min(c0 + Block, width), nb = c1 - c0;
            if (c0 > 0)
            {
                // Rows c0.. of the block's columns −= L[rows, 0..c0)·(D·L[block, 0..c0))ᵀ.
                for (int p = 0; p < nb; p++)
                    for (int k = 0; k < c0; k++) scaled![p * c0 + k] = d[k] * panel[(c0 + p) * width + k];
                blas.SubtractProductTransposed(rows - c0, nb, c0, panel[(c0 * width)..], width, scaled, c0,
                    panel[(c0 * width + c0)..], width);
            }
            for (int j = c0; j < c1; j++)
            {
                int len = j - c0;
                var rowJ = panel.Slice(j * width + c0, len);
                for (int k = 0; k < len; k++) dl[k] = d[c0 + k] * rowJ[k];
                double dj = panel[j * width + j] - Dot(rowJ, dl.AsSpan(0, len));
                if (!double.IsFinite(dj)) return -1;
                bool wantPositive = pivots.Original[j] < pivots.Positive;
                if (wantPositive ? dj < pivots.Epsilon : dj > -pivots.Epsilon)
                {
                    dj = wantPositive ? pivots.Delta : -pivots.Delta;
                    regularized++;
                }
                d[j] = dj;
                double inv = 1 / dj;
                var dlj = dl.AsSpan(0, len);
                for (int i = j + 1; i < rows; i++)
                {
                    int at = i * width;
                    panel[at + j] = (panel[at + j] - Dot(panel.Slice(at + c0, len), dlj)) * inv;
                }
            }
        }
        return regularized;
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length;
        double s = 0;
        int k = 0;
        if (n >= 2 * Vector<double>.Count)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b[..n]);
            var acc = Vector<double>.Zero;
            for (int v = 0; v < va.Length; v++) acc = Vector.FusedMultiplyAdd(va[v], vb[v], acc);
            s = Vector.Sum(acc);
            k = va.Length * Vector<double>.Count;
        }
        for (; k < n; k++) s += a[k] * b[k];
        return s;
    }
}
