using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ConicDsl.Compiler.FirstOrder;

/// <summary>
/// Blocked, multithreaded SIMD product (System.Numerics.Vector&lt;double&gt;). The micro-kernel keeps a 4-row ×
/// 2-vector tile of C in registers while it walks the shared dimension, so each loaded row segment of B feeds four
/// fused multiply-adds. Row-parallel when C has many rows (X̃U: n rows); for X̃ᵀR (d rows, n-long reduction) the
/// reduction is split across threads into private partial products that are summed at the end — C is small there.
/// </summary>
public sealed class ManagedGemm : IGemm
{
    private const int RowTile = 4;
    private const int RowsPerTask = 64;
    private const int ReductionPerTask = 2048;

    public static ManagedGemm Instance { get; } = new();

    public string Name => "managed-simd";

    public void Multiply(bool transposeA, int m, int n, int k, double[] a, double[] b, double[] c)
    {
        if (a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
            throw new ArgumentException("matrix buffers are smaller than their stated shapes");
        // op(A)[i, l] = a[i·strideI + l·strideL].
        int strideI = transposeA ? 1 : k, strideL = transposeA ? m : 1;
        Array.Clear(c, 0, m * n);
        if (!transposeA || k < 2 * ReductionPerTask)
        {
            int tasks = (m + RowsPerTask - 1) / RowsPerTask;
            Parallel.For(0, tasks, t =>
            {
                int i0 = t * RowsPerTask, i1 = Math.Min(m, i0 + RowsPerTask);
                Kernel(a, strideI, strideL, b, n, c, i0, i1, 0, k);
            });
            return;
        }
        int chunks = (k + ReductionPerTask - 1) / ReductionPerTask;
        var gate = new object();
        Parallel.For(0, chunks, () => new double[m * n], (t, _, partial) =>
        {
            int l0 = t * ReductionPerTask, l1 = Math.Min(k, l0 + ReductionPerTask);
            Kernel(a, strideI, strideL, b, n, partial, 0, m, l0, l1);
            return partial;
        }, partial =>
        {
            lock (gate)
            {
                for (int e = 0; e < m * n; e++) c[e] += partial[e];
            }
        });
    }

    /// <summary>C[i0..i1, :] += op(A)[i0..i1, l0..l1] · B[l0..l1, :].</summary>
    private static void Kernel(double[] a, int strideI, int strideL, double[] b, int n, double[] c,
        int i0, int i1, int l0, int l1)
    {
        int w = Vector<double>.Count, w2 = 2 * w;
        ref double b0 = ref MemoryMarshal.GetArrayDataReference(b);
        ref double c0 = ref MemoryMarshal.GetArrayDataReference(c);
        int i = i0;
        for (; i + RowTile <= i1; i += RowTile)
        {
            int j = 0;
            for (; j + w2 <= n; j += w2)
            {
                Vector<double> c00 = default, c01 = default, c10 = default, c11 = default,
                    c20 = default, c21 = default, c30 = default, c31 = default;
                for (int l = l0; l < l1; l++)
                {
                    var bl0 = Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref b0, l * n + j));
                    var bl1 = Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref b0, l * n + j + w));
                    int ai = i * strideI + l * strideL;
                    var a0 = new Vector<double>(a[ai]);
                    var a1 = new Vector<double>(a[ai + strideI]);
                    var a2 = new Vector<double>(a[ai + 2 * strideI]);
                    var a3 = new Vector<double>(a[ai + 3 * strideI]);
                    c00 = Vector.FusedMultiplyAdd(a0, bl0, c00); c01 = Vector.FusedMultiplyAdd(a0, bl1, c01);
                    c10 = Vector.FusedMultiplyAdd(a1, bl0, c10); c11 = Vector.FusedMultiplyAdd(a1, bl1, c11);
                    c20 = Vector.FusedMultiplyAdd(a2, bl0, c20); c21 = Vector.FusedMultiplyAdd(a2, bl1, c21);
                    c30 = Vector.FusedMultiplyAdd(a3, bl0, c30); c31 = Vector.FusedMultiplyAdd(a3, bl1, c31);
                }
                AddTo(ref c0, i * n + j, c00, c01, w);
                AddTo(ref c0, (i + 1) * n + j, c10, c11, w);
                AddTo(ref c0, (i + 2) * n + j, c20, c21, w);
                AddTo(ref c0, (i + 3) * n + j, c30, c31, w);
            }
            for (int r = i; r < i + RowTile; r++) Scalar(a, strideI, strideL, b, n, c, r, j, n, l0, l1);
        }
        for (; i < i1; i++) Scalar(a, strideI, strideL, b, n, c, i, 0, n, l0, l1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo(ref double c0, int at, Vector<double> x, Vector<double> y, int w)
    {
        ref var first = ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref c0, at));
        ref var second = ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref c0, at + w));
        first += x;
        second += y;
    }

    private static void Scalar(double[] a, int strideI, int strideL, double[] b, int n, double[] c,
        int i, int j0, int j1, int l0, int l1)
    {
        for (int j = j0; j < j1; j++)
        {
            double sum = 0;
            for (int l = l0; l < l1; l++) sum += a[i * strideI + l * strideL] * b[l * n + j];
            c[i * n + j] += sum;
        }
    }
}
