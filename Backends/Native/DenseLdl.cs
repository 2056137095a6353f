using System.Numerics;
using System.Runtime.InteropServices;
using ConicDsl.LinearAlgebra;

namespace ConicDsl.Backends.Native;

/// <summary>
/// LDLᵀ without pivoting of a dense symmetric quasi-definite matrix whose first <c>positive</c> pivots should be
/// positive and the rest negative. Quasi-definite matrices factor stably in any symmetric order, so no pivoting is
/// needed; a pivot of the wrong sign or tiny size is replaced by ±delta (dynamic regularization) and the caller
/// recovers accuracy by iterative refinement against the unregularized operator.
/// Storage: the lower triangle, row-major, so the inner loops are contiguous dot products.
/// The factorization is left-looking in panels of <see cref="Panel"/> columns: each row below the panel is read once
/// per panel and dotted against all panel columns, which cuts memory traffic by the panel width, and the rows are
/// independent, so they are split across cores.
/// With OpenBLAS the same left-looking order runs in panels of <see cref="BlasPanel"/> columns and the update of
/// each panel by the columns left of it is one GEMM (C −= L·(DL)ᵀ), which is where all but O(n²·panel) of the
/// n³/3 flops go; pivots, their regularization and the division are the same code in both paths, so the two
/// factors differ by rounding only.
/// </summary>
internal sealed class DenseLdl : IKktFactorization
{
    private const int Panel = 4;
    private const int BlasPanel = 64;
    private readonly double[] _a;
    private readonly double[] _d;
    private readonly double[][] _dl; // D[k]·L[j][k] for the panel columns j
    private readonly IDenseLinearAlgebra? _blas;
    private readonly double[] _dlBlock = []; // BlasPanel rows of D[k]·L[j][k], row stride Size

    /// <param name="linearAlgebra">The GEMM to use; null picks <see cref="DenseLinearAlgebra.Current"/>. The
    /// blocked path is taken only with OpenBLAS: MathNet's managed GEMM is slower than the vectorized panel loop.</param>
    public DenseLdl(int size, IDenseLinearAlgebra? linearAlgebra = null)
    {
        Size = size;
        _a = new double[(long)size * size];
        _d = new double[size];
        _dl = new double[Panel][];
        for (int p = 0; p < Panel; p++) _dl[p] = new double[size];
        var la = linearAlgebra ?? DenseLinearAlgebra.Current;
        if (la is OpenBlasLinearAlgebra)
        {
            _blas = la;
            _dlBlock = new double[(long)BlasPanel * size];
        }
    }

    /// <summary>True when panel updates are GEMMs through OpenBLAS.</summary>
    public bool Blocked => _blas is not null;

    public int Size { get; }

    /// <summary>Number of pivots replaced in the last <see cref="Factor"/>.</summary>
    public int DynamicRegularizations { get; private set; }

    public void Clear() => Array.Clear(_a);

    /// <summary>Adds v to entry (i, j) with i ≥ j (lower triangle).</summary>
    public void Add(int i, int j, double v) => _a[(long)i * Size + j] += v;

    public ref double At(int i, int j) => ref _a[(long)i * Size + j];

    public double MaxAbsDiagonal()
    {
        double m = 0;
        for (int i = 0; i < Size; i++) m = Math.Max(m, Math.Abs(_a[(long)i * Size + i]));
        return m;
    }

    /// <summary>False when a non-finite number appears.</summary>
    /// <param name="stop">Polled once per panel: one factorization of order 10⁴ takes about a minute, longer than a user
    /// should wait after Ctrl-C or past a time limit.</param>
    public bool Factor(int positive, double epsilon, double delta, CancellationToken stop = default)
    {
        int n = Size;
        DynamicRegularizations = 0;
        int panel = _blas is null ? Panel : BlasPanel;
        for (int j0 = 0; j0 < n; j0 += panel)
        {
            stop.ThrowIfCancellationRequested();
            int j1 = Math.Min(j0 + panel, n);
            int width = j1 - j0;
            if (_blas is not null)
                UpdatePanelWithGemm(j0, width);
            else
                UpdatePanel(j0, width);
            if (!FinishPanel(j0, j1, positive, epsilon, delta)) return false;
        }
        return true;
    }

    /// <summary>The blocked update: rows j0.. of the panel columns −= L[rows, 0..j0)·(D·L[panel, 0..j0))ᵀ.</summary>
    private void UpdatePanelWithGemm(int j0, int width)
    {
        if (j0 == 0) return;
        int n = Size;
        for (int p = 0; p < width; p++)
        {
            var row = RowSpan(j0 + p, j0);
            var dl = _dlBlock.AsSpan(p * n, j0);
            for (int k = 0; k < j0; k++) dl[k] = _d[k] * row[k];
        }
        // The rows j0..j1−1 also get entries right of their diagonal updated: that part of the array is never read.
        _blas!.SubtractProductTransposed(n - j0, width, j0, _a.AsSpan((int)((long)j0 * n)), n, _dlBlock, n,
            _a.AsSpan((int)((long)j0 * n + j0)), n);
    }

    private void UpdatePanel(int j0, int width)
    {
        int n = Size;
        // Rows j0..j1−1 are complete left of j0, so D·L of the panel columns over k < j0 is known.
        for (int p = 0; p < width; p++)
        {
            var row = RowSpan(j0 + p, j0);
            var dl = _dl[p];
            for (int k = 0; k < j0; k++) dl[k] = _d[k] * row[k];
        }
        // Update columns j0..j1−1 with the contributions k < j0, for all rows from j0 down.
        int rows = n - j0;
        long work = (long)rows * j0 * width;
        if (work > 200_000 && Environment.ProcessorCount > 1)
        {
            int chunks = Math.Min(Environment.ProcessorCount * 4, rows);
            Parallel.For(0, chunks, c =>
            {
                int from = j0 + (int)((long)rows * c / chunks), to = j0 + (int)((long)rows * (c + 1) / chunks);
                for (int i = from; i < to; i++) UpdateRow(i, j0, width);
            });
        }
        else
        {
            for (int i = j0; i < n; i++) UpdateRow(i, j0, width);
        }
    }

    /// <summary>Finishes the panel: contributions from columns inside it, pivots (replaced by ±delta when of the
    /// wrong sign or tiny), division. False when a non-finite number appears.</summary>
    private bool FinishPanel(int j0, int j1, int positive, double epsilon, double delta)
    {
        int n = Size;
        for (int j = j0; j < j1; j++)
        {
            double dj = At(j, j);
            for (int k = j0; k < j; k++) dj -= At(j, k) * At(j, k) * _d[k];
            if (!double.IsFinite(dj)) return false;
            if (j < positive ? dj < epsilon : dj > -epsilon)
            {
                dj = j < positive ? delta : -delta;
                DynamicRegularizations++;
            }
            _d[j] = dj;
            int rows = n - j - 1;
            if ((long)rows * (j - j0) > 200_000 && Environment.ProcessorCount > 1)
            {
                int chunks = Math.Min(Environment.ProcessorCount * 4, rows);
                int jj = j;
                Parallel.For(0, chunks, c =>
                {
                    int from = jj + 1 + (int)((long)rows * c / chunks), to = jj + 1 + (int)((long)rows * (c + 1) / chunks);
                    for (int i = from; i < to; i++) EliminateBelow(i, jj, j0, dj);
                });
            }
            else
            {
                for (int i = j + 1; i < n; i++) EliminateBelow(i, j, j0, dj);
            }
        }
        return true;
    }

    /// <summary>L[i][j] = (A[i][j] − Σ_{j0≤k&lt;j} L[i][k]·D[k]·L[j][k]) / D[j].</summary>
    private void EliminateBelow(int i, int j, int j0, double dj)
    {
        double v = At(i, j);
        for (int k = j0; k < j; k++) v -= At(i, k) * _d[k] * At(j, k);
        At(i, j) = v / dj;
    }

    /// <summary>Subtracts Σ_{k&lt;j0} L[i][k]·D[k]·L[j][k] from A[i][j] for the panel columns j ≤ i.</summary>
    private void UpdateRow(int i, int j0, int width)
    {
        var row = RowSpan(i, j0);
        int cols = Math.Min(width, i - j0 + 1);
        if (cols == Panel)
        {
            Dot4(row, _dl[0], _dl[1], _dl[2], _dl[3], out double s0, out double s1, out double s2, out double s3);
            At(i, j0) -= s0;
            At(i, j0 + 1) -= s1;
            At(i, j0 + 2) -= s2;
            At(i, j0 + 3) -= s3;
            return;
        }
        for (int p = 0; p < cols; p++) At(i, j0 + p) -= Dot(row, _dl[p].AsSpan(0, j0));
    }

    private Span<double> RowSpan(int i, int length) => _a.AsSpan((int)((long)i * Size), length);

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
        var acc = Vector<double>.Zero;
        for (int k = 0; k < va.Length; k++) acc = Vector.FusedMultiplyAdd(va[k], vb[k], acc);
        double s = Vector.Sum(acc);
        for (int k = va.Length * Vector<double>.Count; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }

    private static void Dot4(ReadOnlySpan<double> a, double[] b0, double[] b1, double[] b2, double[] b3,
        out double s0, out double s1, out double s2, out double s3)
    {
        int len = a.Length;
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var v0 = MemoryMarshal.Cast<double, Vector<double>>(b0.AsSpan(0, len));
        var v1 = MemoryMarshal.Cast<double, Vector<double>>(b1.AsSpan(0, len));
        var v2 = MemoryMarshal.Cast<double, Vector<double>>(b2.AsSpan(0, len));
        var v3 = MemoryMarshal.Cast<double, Vector<double>>(b3.AsSpan(0, len));
        Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int k = 0; k < va.Length; k++)
        {
            var x = va[k];
            a0 = Vector.FusedMultiplyAdd(x, v0[k], a0);
            a1 = Vector.FusedMultiplyAdd(x, v1[k], a1);
            a2 = Vector.FusedMultiplyAdd(x, v2[k], a2);
            a3 = Vector.FusedMultiplyAdd(x, v3[k], a3);
        }
        s0 = Vector.Sum(a0);
        s1 = Vector.Sum(a1);
        s2 = Vector.Sum(a2);
        s3 = Vector.Sum(a3);
        for (int k = va.Length * Vector<double>.Count; k < len; k++)
        {
            s0 += a[k] * b0[k];
            s1 += a[k] * b1[k];
            s2 += a[k] * b2[k];
            s3 += a[k] * b3[k];
        }
    }

    /// <summary>Solves LDLᵀx = b in place.</summary>
    public void Solve(Span<double> x)
    {
        int n = Size;
        for (int i = 1; i < n; i++) x[i] -= Dot(RowSpan(i, i), x[..i]);
        for (int i = 0; i < n; i++) x[i] /= _d[i];
        for (int i = n - 1; i > 0; i--)
        {
            double xi = x[i];
            if (xi == 0) continue;
            var row = RowSpan(i, i);
            for (int k = 0; k < i; k++) x[k] -= row[k] * xi;
        }
    }
}
