using ConicDsl.LinearAlgebra;

namespace ConicDsl.Backends.Native;

/// <summary>
/// LDLᵀ without pivoting of a sparse symmetric quasi-definite matrix, supernodal and left-looking (the scheme of
/// CHOLMOD's supernodal factorization, with D kept separate as QDLDL does): the columns of L are grouped into
/// supernodes that share one row structure (<see cref="SupernodalStructure"/>), each stored as a dense panel, and
/// the update of a supernode by a descendant is one dense product C = L_K·(D_K·L_K[rows in J])ᵀ through
/// <see cref="IDenseLinearAlgebra.SubtractProductTransposed"/> (OpenBLAS GEMM when present), scattered into the panel
/// through a row map. Each panel is then factored in place by <see cref="PanelLdl"/>. The arithmetic is that of
/// <see cref="SparseLdl"/> regrouped into dense blocks — same pivots, same regularization (a pivot of the wrong sign
/// or tiny size becomes ±delta), so the two factors differ by rounding only.
/// </summary>
internal sealed class SupernodalLdl : IKktFactorization, ISlottedEntries
{
    private readonly SupernodalStructure _s;
    private readonly double[] _lx, _d;
    private readonly IDenseLinearAlgebra _blas;
    private readonly int[] _rowMap;
    private readonly int[] _listHead, _listNext, _position; // descendants waiting to update each supernode
    private double[] _scaled = [], _update = [];
    private readonly double[] _work, _accumulator;

    /// <param name="lowerPattern">Every entry (i, j), i ≥ j, that <see cref="Add"/> will be called with, diagonal included.</param>
    /// <param name="permutation">perm[k] = the caller's index eliminated k-th.</param>
    /// <param name="linearAlgebra">The dense products; null picks <see cref="DenseLinearAlgebra.Current"/>.</param>
    public SupernodalLdl(int size, IReadOnlyList<(int I, int J)> lowerPattern, int[] permutation, IDenseLinearAlgebra? linearAlgebra = null)
    {
        _s = new SupernodalStructure(size, lowerPattern, permutation);
        _lx = new double[_s.PanelStart[_s.Count]];
        _d = new double[size];
        _blas = linearAlgebra ?? DenseLinearAlgebra.Current;
        _rowMap = new int[size];
        _listHead = new int[_s.Count];
        _listNext = new int[_s.Count];
        _position = new int[_s.Count];
        _work = new double[size];
        int maxWidth = 0;
        for (int s = 0; s < _s.Count; s++) maxWidth = Math.Max(maxWidth, _s.Width(s));
        _accumulator = new double[maxWidth];
    }

    public int Size => _s.Size;

    /// <summary>Entries of L below the diagonal.</summary>
    public long FactorNonZeros => _s.FactorNonZeros;

    /// <summary>Multiply-adds of one numeric factorization, Σ_c |L_c|².</summary>
    public double FactorWork => _s.FactorWork;

    public int Supernodes => _s.Count;

    public int DynamicRegularizations { get; private set; }

    public void Clear() => Array.Clear(_lx);

    /// <summary>Where entry (i, j) of the caller's matrix lives in the factor's storage, for <see cref="AddAt"/>.</summary>
    public int Locate(int i, int j)
    {
        int pi = _s.InversePerm[i], pj = _s.InversePerm[j];
        long at = _s.Locate(Math.Max(pi, pj), Math.Min(pi, pj));
        if (at < 0) throw new InvalidOperationException($"KKT entry ({i}, {j}) is outside the symbolic pattern");
        return (int)at;
    }

    public void AddAt(int slot, double v) => _lx[slot] += v;

    public void Add(int i, int j, double v) => _lx[Locate(i, j)] += v;

    public double MaxAbsDiagonal()
    {
        double m = 0;
        for (int s = 0; s < _s.Count; s++)
        {
            int w = _s.Width(s);
            long p = _s.PanelStart[s];
            for (int c = 0; c < w; c++) m = Math.Max(m, Math.Abs(_lx[p + (long)c * w + c]));
        }
        return m;
    }

    /// <param name="stop">Polled once per supernode and inside wide panels.</param>
    public bool Factor(int positive, double epsilon, double delta, CancellationToken stop = default)
    {
        DynamicRegularizations = 0;
        Array.Fill(_listHead, -1);
        var rows = _s.Rows;
        for (int j = 0; j < _s.Count; j++)
        {
            stop.ThrowIfCancellationRequested();
            int fj = _s.First[j], wj = _s.Width(j), rj = _s.RowCount(j), rsj = _s.RowStart[j];
            for (int t = 0; t < rj; t++) _rowMap[rows[rsj + t]] = t;
            for (int k = _listHead[j]; k != -1;)
            {
                int next = _listNext[k];
                ApplyUpdate(k, j, fj, wj);
                k = next;
            }
            var panel = _lx.AsSpan((int)_s.PanelStart[j], rj * wj);
            var pivots = new PanelLdl.Pivots(_d.AsSpan(fj, wj), _s.Perm.AsSpan(fj, wj), positive, epsilon, delta);
            int regularized = PanelLdl.Factor(panel, rj, wj, pivots, _blas, stop);
            if (regularized < 0) return false;
            DynamicRegularizations += regularized;
            if (rj > wj) Enqueue(j, wj);
        }
        return true;
    }

    /// <summary>Queues supernode k to update the supernode holding its row at local position p.</summary>
    private void Enqueue(int k, int p)
    {
        _position[k] = p;
        int target = _s.SupernodeOf[_s.Rows[_s.RowStart[k] + p]];
        _listNext[k] = _listHead[target];
        _listHead[target] = k;
    }

    private const int UpdateRowBlock = 128;

    /// <summary>Panel J −= L_K[p0.., :]·D_K·L_K[p0..p1, :]ᵀ, where rows p0..p1 of K are J's columns, then requeues K
    /// for the next supernode its rows reach. The product goes to a scratch block and is scattered through the row map.
    /// (A parallel scatter was tried: its workers compete with OpenBLAS's spinning threads and it was not reliably faster.)</summary>
    private void ApplyUpdate(int k, int j, int fj, int wj)
    {
        var rows = _s.Rows;
        int rsk = _s.RowStart[k], rk = _s.RowCount(k), wk = _s.Width(k), fk = _s.First[k];
        int p0 = _position[k], p1 = p0, lj = fj + wj;
        while (p1 < rk && rows[rsk + p1] < lj) p1++;
        int g = p1 - p0, m = rk - p0;
        var lk = _lx.AsSpan((int)(_s.PanelStart[k] + (long)p0 * wk), m * wk);
        if (_scaled.Length < g * wk) _scaled = new double[Math.Max(g * wk, 2 * _scaled.Length)];
        for (int b = 0; b < g; b++)
            for (int c = 0; c < wk; c++) _scaled[b * wk + c] = _d[fk + c] * lk[b * wk + c];
        if (_update.Length < m * g) _update = new double[Math.Max((long)m * g, 2L * _update.Length)];
        // Only the lower part of the top g×g square is used, so it is computed in row blocks that stop at the diagonal.
        for (int a0 = 0; a0 < m; a0 += UpdateRowBlock)
        {
            int a1 = Math.Min(a0 + UpdateRowBlock, m);
            _blas.ProductTransposed(a1 - a0, Math.Min(a1, g), wk, lk[(a0 * wk)..], wk, _scaled, wk, _update.AsSpan(a0 * g), g);
        }
        var target = _lx.AsSpan((int)_s.PanelStart[j], _s.RowCount(j) * wj);
        var kRows = rows.AsSpan(rsk + p0, m);
        for (int a = 0; a < m; a++)
        {
            int at = _rowMap[kRows[a]] * wj - fj;
            int cols = Math.Min(a + 1, g);
            var src = _update.AsSpan(a * g, cols);
            for (int b = 0; b < cols; b++) target[at + kRows[b]] -= src[b];
        }
        if (p1 < rk) Enqueue(k, p1);
    }

    /// <summary>Solves LDLᵀx = b in place.</summary>
    public void Solve(Span<double> x)
    {
        int n = _s.Size;
        var w = _work;
        var perm = _s.Perm;
        var rows = _s.Rows;
        for (int k = 0; k < n; k++) w[k] = x[perm[k]];
        for (int j = 0; j < _s.Count; j++)
        {
            int f = _s.First[j], wj = _s.Width(j), rj = _s.RowCount(j), rs = _s.RowStart[j];
            var panel = _lx.AsSpan((int)_s.PanelStart[j], rj * wj);
            var own = w.AsSpan(f, wj);
            for (int t = 1; t < wj; t++) own[t] -= PanelLdl.Dot(panel.Slice(t * wj, t), own[..t]);
            for (int t = wj; t < rj; t++) w[rows[rs + t]] -= PanelLdl.Dot(panel.Slice(t * wj, wj), own);
        }
        for (int k = 0; k < n; k++) w[k] /= _d[k];
        for (int j = _s.Count - 1; j >= 0; j--)
        {
            int f = _s.First[j], wj = _s.Width(j), rj = _s.RowCount(j), rs = _s.RowStart[j];
            var panel = _lx.AsSpan((int)_s.PanelStart[j], rj * wj);
            var acc = _accumulator.AsSpan(0, wj);
            acc.Clear();
            for (int t = wj; t < rj; t++)
            {
                double xt = w[rows[rs + t]];
                if (xt == 0) continue;
                var row = panel.Slice(t * wj, wj);
                for (int c = 0; c < wj; c++) acc[c] += row[c] * xt;
            }
            for (int t = wj - 1; t >= 0; t--)
            {
                double xt = w[f + t] - acc[t];
                w[f + t] = xt;
                var row = panel.Slice(t * wj, t);
                for (int c = 0; c < t; c++) acc[c] += row[c] * xt;
            }
        }
        for (int k = 0; k < n; k++) x[perm[k]] = w[k];
    }
}
