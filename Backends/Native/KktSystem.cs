using ConicDsl.Conic;

namespace ConicDsl.Backends.Native;

/// <summary>
/// The Newton system of the interior-point method,
/// <code>[P  Aᵀ] [dx]   [rx]
/// [A  −H] [dy] = [rz]</code>
/// with H = WᵀW on the cone rows and H = 0 on the zero-cone rows. The cone rows are eliminated
/// (dy_c = H⁻¹(A_c·dx − rz_c)), because H is block diagonal and positive definite there, leaving the
/// quasi-definite system of size n + (equality rows)
/// <code>[P + A_cᵀH⁻¹A_c + δI   A_zᵀ] [dx  ]   [rx + A_cᵀH⁻¹rz_c]
/// [A_z                  −δI ] [dy_z] = [rz_z            ]</code>
/// which is assembled densely (few variables, many sparse rows is the expected shape) and factored by
/// <see cref="DenseLdl"/>. The static δ keeps it factorable when A_z is rank deficient or P + A_cᵀH⁻¹A_c is
/// singular; iterative refinement against the δ-free operator removes its effect on the answer.
/// </summary>
internal sealed class KktSystem
{
    private readonly ConicProgram _program;
    private readonly ConeSpace _cones;
    private readonly InteriorPointSettings _settings;
    private readonly int _n, _z;
    private readonly int[] _rowPtr, _colIdx; // A by rows (CSR), built once
    private readonly double[] _rowVal;
    private readonly DenseLdl _ldl;
    private NtScaling? _scaling;
    private readonly double[] _mTmp, _mTmp2, _rhs, _sol, _res, _corr;

    public KktSystem(ConicProgram program, ConeSpace cones, InteriorPointSettings settings)
    {
        _program = program;
        _cones = cones;
        _settings = settings;
        _n = program.Variables;
        _z = cones.Zero;
        int m = program.Constraints;
        (_rowPtr, _colIdx, _rowVal) = ToRows(program.A);
        _ldl = new DenseLdl(_n + _z);
        _mTmp = new double[m];
        _mTmp2 = new double[m];
        _rhs = new double[_n + _z];
        _sol = new double[_n + _z];
        _res = new double[_n + _z];
        _corr = new double[_n + _z];
    }

    public int DynamicRegularizations => _ldl.DynamicRegularizations;

    private static (int[], int[], double[]) ToRows(SparseMatrix a)
    {
        var ptr = new int[a.Rows + 1];
        foreach (var r in a.RowIndices) ptr[r + 1]++;
        for (int r = 0; r < a.Rows; r++) ptr[r + 1] += ptr[r];
        var next = ptr[..^1].ToArray();
        var idx = new int[a.NonZeros];
        var val = new double[a.NonZeros];
        for (int c = 0; c < a.Columns; c++) // column order keeps each row's columns sorted
            for (int p = a.ColumnPointers[c]; p < a.ColumnPointers[c + 1]; p++)
            {
                int slot = next[a.RowIndices[p]]++;
                idx[slot] = c;
                val[slot] = a.Values[p];
            }
        return (ptr, idx, val);
    }

    /// <summary>Assembles and factors the reduced matrix; scaling null means H = I (used for the starting point).</summary>
    public bool Factor(NtScaling? scaling)
    {
        _scaling = scaling;
        _ldl.Clear();
        if (_program.P is { } p)
            foreach (var (r, c, v) in p.Entries()) _ldl.Add(c, r, v);

        int z = _cones.Zero, l = _cones.NonNegative;
        for (int r = z; r < z + l; r++)
        {
            double f = scaling is null ? 1 : 1 / (scaling.OrthantW(r) * scaling.OrthantW(r));
            for (int a = _rowPtr[r]; a < _rowPtr[r + 1]; a++)
            {
                double fa = f * _rowVal[a];
                int ca = _colIdx[a];
                for (int b = _rowPtr[r]; b <= a; b++) _ldl.Add(ca, _colIdx[b], fa * _rowVal[b]);
            }
        }
        for (int k = 0; k < _cones.Soc.Length; k++) AddSocBlock(k, scaling);
        for (int r = 0; r < z; r++)
            for (int a = _rowPtr[r]; a < _rowPtr[r + 1]; a++) _ldl.Add(_n + r, _colIdx[a], _rowVal[a]);

        double delta = _settings.StaticRegularization + _settings.ProportionalRegularization * _ldl.MaxAbsDiagonal();
        for (int i = 0; i < _n; i++) _ldl.Add(i, i, delta);
        for (int i = _n; i < _n + z; i++) _ldl.Add(i, i, -delta);
        return _ldl.Factor(_n, _settings.DynamicEpsilon, _settings.DynamicDelta);
    }

    /// <summary>Adds GᵀG with G = W⁻¹A_b for one cone block, working on the union of its rows' column patterns.</summary>
    private void AddSocBlock(int k, NtScaling? scaling)
    {
        var (start, q) = _cones.Soc[k];
        var cols = new SortedSet<int>();
        for (int r = start; r < start + q; r++)
            for (int a = _rowPtr[r]; a < _rowPtr[r + 1]; a++) cols.Add(_colIdx[a]);
        if (cols.Count == 0) return;
        var pattern = cols.ToArray();
        var g = new double[pattern.Length * q]; // column u of A_b restricted to the block, contiguous
        for (int r = start; r < start + q; r++)
            for (int a = _rowPtr[r]; a < _rowPtr[r + 1]; a++)
                g[Array.BinarySearch(pattern, _colIdx[a]) * q + (r - start)] = _rowVal[a];
        if (scaling is not null)
            for (int u = 0; u < pattern.Length; u++)
            {
                var col = g.AsSpan(u * q, q);
                scaling.ApplySocWInverse(k, col, col);
            }
        for (int u = 0; u < pattern.Length; u++)
        {
            var gu = g.AsSpan(u * q, q);
            for (int v = 0; v <= u; v++)
            {
                var gv = g.AsSpan(v * q, q);
                double d = 0;
                for (int i = 0; i < q; i++) d += gu[i] * gv[i];
                _ldl.Add(pattern[u], pattern[v], d);
            }
        }
    }

    /// <summary>r = H⁻¹v on the cone rows (zero rows untouched). r may alias v.</summary>
    private void ApplyHInverse(ReadOnlySpan<double> v, Span<double> r)
    {
        int z = _cones.Zero;
        if (_scaling is null)
        {
            v[z..].CopyTo(r[z..]);
            return;
        }
        var keep = r[..z].ToArray();
        _scaling.ApplyWInverse(v, r);
        _scaling.ApplyWInverse(r, r);
        keep.CopyTo(r);
    }

    /// <summary>
    /// Solves the full Newton system for (dx, dy) given (rx, rz). Returns the final relative residual of the reduced
    /// system (NaN when something non-finite appeared).
    /// </summary>
    public double Solve(ReadOnlySpan<double> rx, ReadOnlySpan<double> rz, Span<double> dx, Span<double> dy)
    {
        double reduced = SolveReduced(rx, rz, dx, dy);
        if (!double.IsFinite(reduced) || _scaling is null) return reduced;
        // Near the optimum H⁻¹ has entries ~1/μ, so an error in dx that is tiny for the reduced system becomes a large
        // error in dy = H⁻¹(A dx − rz), and the dual residual stalls. Refining against the full operator
        // [P Aᵀ; A −H] measures the error where it matters and corrects it with the same factorization.
        int m = rz.Length;
        var ex = new double[_n];
        var ez = new double[m];
        var cx = new double[_n];
        var cz = new double[m];
        double norm = FullResidual(rx, rz, dx, dy, ex, ez);
        for (int it = 0; it < _settings.RefinementMaxSteps && norm > 0; it++)
        {
            if (!double.IsFinite(SolveReduced(ex, ez, cx, cz))) break;
            var tx = dx.ToArray();
            var tz = dy.ToArray();
            for (int i = 0; i < _n; i++) tx[i] += cx[i];
            for (int i = 0; i < m; i++) tz[i] += cz[i];
            double next = FullResidual(rx, rz, tx, tz, ex, ez);
            if (!(next < norm)) break;
            tx.CopyTo(dx);
            tz.CopyTo(dy);
            bool slow = next > norm / _settings.RefinementStopRatio;
            norm = next;
            if (slow) break;
        }
        return reduced;
    }

    /// <summary>(ex, ez) = (rx, rz) − [P Aᵀ; A −H](dx, dy); returns the larger ∞-norm.</summary>
    private double FullResidual(ReadOnlySpan<double> rx, ReadOnlySpan<double> rz, ReadOnlySpan<double> dx, ReadOnlySpan<double> dy,
        double[] ex, double[] ez)
    {
        rx.CopyTo(ex);
        if (_program.P is { } p) SymmetricUpperMultiplyAdd(p, dx, ex, -1);
        _program.A.TransposeMultiplyAdd(dy, ex, -1);
        rz.CopyTo(ez);
        _program.A.MultiplyAdd(dx, ez, -1);
        var hdy = new double[ez.Length];
        _scaling!.ApplyW(dy, hdy);
        _scaling.ApplyW(hdy, hdy);
        for (int i = _z; i < ez.Length; i++) ez[i] += hdy[i];
        return Math.Max(NormInf(ex), NormInf(ez));
    }

    private double SolveReduced(ReadOnlySpan<double> rx, ReadOnlySpan<double> rz, Span<double> dx, Span<double> dy)
    {
        int n = _n, z = _z;
        rz.CopyTo(_mTmp);
        ApplyHInverse(_mTmp, _mTmp);
        _mTmp.AsSpan(0, z).Clear();
        var rhs = _rhs.AsSpan();
        rx.CopyTo(rhs);
        _program.A.TransposeMultiplyAdd(_mTmp, rhs[..n]);
        rz[..z].CopyTo(rhs[n..]);

        var sol = _sol.AsSpan();
        rhs.CopyTo(sol);
        _ldl.Solve(sol);
        double bnorm = NormInf(rhs);
        double tol = _settings.RefinementAbsTolerance + _settings.RefinementRelTolerance * bnorm;
        double rnorm = Residual(rhs, sol, _res);
        for (int it = 0; it < _settings.RefinementMaxSteps && rnorm > tol; it++)
        {
            _res.CopyTo(_corr, 0);
            _ldl.Solve(_corr);
            for (int i = 0; i < sol.Length; i++) _corr[i] += sol[i];
            double next = Residual(rhs, _corr, _res);
            if (!(next < rnorm))
            {
                Residual(rhs, sol, _res);
                break;
            }
            _corr.CopyTo(sol);
            bool slow = next > rnorm / _settings.RefinementStopRatio;
            rnorm = next;
            if (slow) break;
        }

        sol[..n].CopyTo(dx);
        var ax = _mTmp.AsSpan();
        ax.Clear();
        _program.A.MultiplyAdd(dx, ax);
        for (int i = z; i < ax.Length; i++) ax[i] -= rz[i];
        ApplyHInverse(ax, ax);
        ax[z..].CopyTo(dy[z..]);
        sol[n..].CopyTo(dy[..z]);
        return rnorm / (1 + bnorm);
    }

    /// <summary>res = rhs − K·v with the unregularized reduced operator; returns ‖res‖∞.</summary>
    private double Residual(ReadOnlySpan<double> rhs, ReadOnlySpan<double> v, Span<double> res)
    {
        int n = _n, z = _z;
        var vx = v[..n];
        var av = _mTmp2.AsSpan();
        av.Clear();
        _program.A.MultiplyAdd(vx, av);
        for (int i = 0; i < z; i++) res[n + i] = rhs[n + i] - av[i];
        ApplyHInverse(av, av);
        v[n..].CopyTo(av[..z]);
        rhs[..n].CopyTo(res);
        _program.A.TransposeMultiplyAdd(av, res[..n], -1);
        if (_program.P is { } p) SymmetricUpperMultiplyAdd(p, vx, res[..n], -1);
        return NormInf(res);
    }

    internal static void SymmetricUpperMultiplyAdd(SparseMatrix p, ReadOnlySpan<double> x, Span<double> y, double alpha)
    {
        for (int c = 0; c < p.Columns; c++)
            for (int k = p.ColumnPointers[c]; k < p.ColumnPointers[c + 1]; k++)
            {
                int r = p.RowIndices[k];
                double v = alpha * p.Values[k];
                y[r] += v * x[c];
                if (r != c) y[c] += v * x[r];
            }
    }

    internal static double NormInf(ReadOnlySpan<double> v)
    {
        double m = 0;
        foreach (var e in v)
        {
            if (double.IsNaN(e)) return double.NaN;
            m = Math.Max(m, Math.Abs(e));
        }
        return m;
    }
}
