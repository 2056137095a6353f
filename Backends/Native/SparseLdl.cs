namespace ConicDsl.Backends.Native;

/// <summary>
/// LDLᵀ without pivoting of a sparse symmetric quasi-definite matrix, in a fill-reducing symmetric order fixed at
/// construction. Quasi-definite matrices factor stably in any symmetric order (Vanderbei), so the order can be chosen
/// for sparsity alone and the pattern of L is computed once (elimination tree and column counts); each
/// <see cref="Factor"/> is then numeric only. The algorithm is the up-looking one of QDLDL (Stellato, Goulart et al.):
/// row k of L is a sparse triangular solve over the elimination-tree reach of column k of the upper triangle.
/// Pivot handling is the same as <see cref="DenseLdl"/>'s: a pivot of the wrong sign or tiny size becomes ±delta.
/// The solver uses <see cref="SupernodalLdl"/>, the same arithmetic in dense blocks; this scalar kernel is kept as the
/// simple reference the tests compare it with, and for its <see cref="EliminationTree"/>.
/// </summary>
internal sealed class SparseLdl : IKktFactorization
{
    private readonly int _n;
    private readonly int[] _perm, _iperm; // _perm[k] = caller's index at position k
    private readonly int[] _ap, _ai; // permuted upper triangle (row ≤ column), by columns, rows sorted
    private readonly double[] _ax;
    private readonly int[] _etree, _lp, _li;
    private readonly double[] _lx, _d, _dinv;
    private readonly int[] _nextInColumn, _yIdx, _elimBuffer;
    private readonly bool[] _yMarked;
    private readonly double[] _y, _work;

    /// <param name="size">Matrix order.</param>
    /// <param name="lowerPattern">Every entry (i, j), i ≥ j, that <see cref="Add"/> will be called with, diagonal included.</param>
    /// <param name="permutation">perm[k] = the caller's index eliminated k-th.</param>
    public SparseLdl(int size, IReadOnlyList<(int I, int J)> lowerPattern, int[] permutation)
    {
        _n = size;
        _perm = permutation;
        _iperm = new int[size];
        for (int k = 0; k < size; k++) _iperm[permutation[k]] = k;

        _ap = new int[size + 1];
        foreach (var (i, j) in lowerPattern) _ap[Math.Max(_iperm[i], _iperm[j]) + 1]++;
        for (int c = 0; c < size; c++) _ap[c + 1] += _ap[c];
        _ai = new int[_ap[size]];
        _ax = new double[_ap[size]];
        var next = _ap[..^1].ToArray();
        foreach (var (i, j) in lowerPattern)
        {
            int pi = _iperm[i], pj = _iperm[j];
            _ai[next[Math.Max(pi, pj)]++] = Math.Min(pi, pj);
        }
        for (int c = 0; c < size; c++) Array.Sort(_ai, _ap[c], _ap[c + 1] - _ap[c]);

        (_etree, var counts) = EliminationTree(size, _ap, _ai);
        _lp = new int[size + 1];
        for (int c = 0; c < size; c++) _lp[c + 1] = _lp[c] + counts[c];
        FactorWork = counts.Sum(c => (double)c * c);
        _li = new int[_lp[size]];
        _lx = new double[_lp[size]];
        _d = new double[size];
        _dinv = new double[size];
        _nextInColumn = new int[size];
        _yIdx = new int[size];
        _elimBuffer = new int[size];
        _yMarked = new bool[size];
        _y = new double[size];
        _work = new double[size];
    }

    public int Size => _n;

    /// <summary>Entries of L below the diagonal (the fill the ordering is meant to keep small).</summary>
    public long FactorNonZeros => _lp[_n];

    /// <summary>Multiply-adds of one numeric factorization, Σ_c |L_c|² (column c of L updates |L_c| entries per use).</summary>
    public double FactorWork { get; }

    public int DynamicRegularizations { get; private set; }

    /// <summary>Elimination tree of the matrix and the number of below-diagonal entries of each column of L
    /// (Liu; each upper-triangle entry (i, k) walks from i up the tree until a node already reached from row k).</summary>
    internal static (int[] Parent, int[] Counts) EliminationTree(int n, int[] ap, int[] ai)
    {
        var parent = new int[n];
        var counts = new int[n];
        var visited = new int[n];
        Array.Fill(parent, -1);
        for (int k = 0; k < n; k++)
        {
            visited[k] = k;
            for (int p = ap[k]; p < ap[k + 1]; p++)
            {
                int i = ai[p];
                while (visited[i] != k)
                {
                    if (parent[i] == -1) parent[i] = k;
                    counts[i]++;
                    visited[i] = k;
                    i = parent[i];
                }
            }
        }
        return (parent, counts);
    }

    public void Clear() => Array.Clear(_ax);

    public void Add(int i, int j, double v)
    {
        int pi = _iperm[i], pj = _iperm[j];
        int col = Math.Max(pi, pj), row = Math.Min(pi, pj);
        int slot = Array.BinarySearch(_ai, _ap[col], _ap[col + 1] - _ap[col], row);
        if (slot < 0) throw new InvalidOperationException($"KKT entry ({i}, {j}) is outside the symbolic pattern");
        _ax[slot] += v;
    }

    public double MaxAbsDiagonal()
    {
        double m = 0;
        for (int c = 0; c < _n; c++)
        {
            int last = _ap[c + 1] - 1;
            if (last >= _ap[c] && _ai[last] == c) m = Math.Max(m, Math.Abs(_ax[last]));
        }
        return m;
    }

    /// <param name="stop">Polled every 256 rows, so a time limit or Ctrl-C is honoured inside a long factorization.</param>
    public bool Factor(int positive, double epsilon, double delta, CancellationToken stop = default)
    {
        DynamicRegularizations = 0;
        for (int c = 0; c < _n; c++) _nextInColumn[c] = _lp[c];
        for (int k = 0; k < _n; k++)
        {
            if ((k & 255) == 0) stop.ThrowIfCancellationRequested();
            // Scatter column k of the upper triangle into y and collect the reach of its pattern in topological order.
            int nnzY = 0;
            double dk = 0;
            for (int p = _ap[k]; p < _ap[k + 1]; p++)
            {
                int b = _ai[p];
                if (b == k)
                {
                    dk = _ax[p];
                    continue;
                }
                _y[b] = _ax[p];
                if (_yMarked[b]) continue;
                _yMarked[b] = true;
                _elimBuffer[0] = b;
                int depth = 1;
                for (int t = _etree[b]; t != -1 && t < k && !_yMarked[t]; t = _etree[t])
                {
                    _yMarked[t] = true;
                    _elimBuffer[depth++] = t;
                }
                while (depth > 0) _yIdx[nnzY++] = _elimBuffer[--depth];
            }
            // Descendants sit after their ancestors in _yIdx, so walking it backwards finishes each y_c before it is used.
            for (int t = nnzY - 1; t >= 0; t--)
            {
                int c = _yIdx[t];
                double yc = _y[c];
                int end = _nextInColumn[c];
                for (int p = _lp[c]; p < end; p++) _y[_li[p]] -= _lx[p] * yc;
                double l = yc * _dinv[c];
                _li[end] = k;
                _lx[end] = l;
                dk -= yc * l;
                _nextInColumn[c] = end + 1;
                _y[c] = 0;
                _yMarked[c] = false;
            }
            if (!double.IsFinite(dk)) return false;
            bool wantPositive = _perm[k] < positive;
            if (wantPositive ? dk < epsilon : dk > -epsilon)
            {
                dk = wantPositive ? delta : -delta;
                DynamicRegularizations++;
            }
            _d[k] = dk;
            _dinv[k] = 1 / dk;
        }
        return true;
    }

    public void Solve(Span<double> x)
    {
        var w = _work;
        for (int k = 0; k < _n; k++) w[k] = x[_perm[k]];
        for (int c = 0; c < _n; c++)
        {
            double wc = w[c];
            if (wc == 0) continue;
            for (int p = _lp[c]; p < _lp[c + 1]; p++) w[_li[p]] -= _lx[p] * wc;
        }
        for (int k = 0; k < _n; k++) w[k] *= _dinv[k];
        for (int c = _n - 1; c >= 0; c--)
        {
            double s = w[c];
            for (int p = _lp[c]; p < _lp[c + 1]; p++) s -= _lx[p] * w[_li[p]];
            w[c] = s;
        }
        for (int k = 0; k < _n; k++) x[_perm[k]] = w[k];
    }
}
