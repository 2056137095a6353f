using System.Diagnostics;
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
/// which is assembled entry by entry into the LDLᵀ that <see cref="KktFactorizationChoice"/> picks for its size and
/// fill: <see cref="DenseLdl"/> (small or dense matrices) or <see cref="SupernodalLdl"/> (its pattern recorded once, by
/// <see cref="CollectPattern"/>). The static δ keeps it factorable when A_z is rank deficient or P + A_cᵀH⁻¹A_c is
/// singular; iterative refinement against the δ-free full operator removes its effect on the answer.
/// A PSD block's term A_bᵀH⁻¹A_b is assembled by whichever of two routes is cheaper for its shape
/// (<see cref="AddPsdBlock"/>).
/// </summary>
internal sealed class KktSystem
{
    private readonly ConicProgram _program;
    private readonly ConeSpace _cones;
    private readonly InteriorPointSettings _settings;
    private readonly int _n, _z;
    private readonly int[] _rowPtr, _colIdx; // A by rows (CSR), built once
    private readonly double[] _rowVal;
    private readonly IKktFactorization _ldl;
    private NtScaling? _scaling;
    private readonly double[] _mTmp, _mTmp2, _sol, _adx, _acx;
    private double _refinementFloor; // relative refinement target set by Factor from μ
    private readonly double[][] _refine; // ex, ez, cx, cy, tx, ty of the refinement loop
    private readonly PsdColumns[] _psdColumns;
    private readonly OrthantRowGroups _orthantGroups;
    private readonly double[] _orthantSum;
    private AssemblyReplay? _replay;

    /// <summary>The part of A in one PSD block's rows, by column: the distinct columns (sorted) and, for each, its
    /// (row within the block, value) entries.</summary>
    private sealed record PsdColumns(int[] Pattern, (int Row, double Value)[][] Entries, int NonZeros);

    private readonly CancellationToken _stop;

    public KktSystem(ConicProgram program, ConeSpace cones, InteriorPointSettings settings, CancellationToken stop = default)
    {
        _stop = stop;
        _program = program;
        _cones = cones;
        _settings = settings;
        _n = program.Variables;
        _z = cones.Zero;
        int m = program.Constraints;
        (_rowPtr, _colIdx, _rowVal) = ToRows(program.A);
        _mTmp = new double[m];
        _mTmp2 = new double[m];
        _adx = new double[m];
        _acx = new double[m];
        _sol = new double[_n + _z];
        _refine = [new double[_n], new double[m], new double[_n], new double[m], new double[_n], new double[m]];
        _psdColumns = cones.Psd.Select(b => CollectColumns(b.Start, ConeLayout.SvecLength(b.Order))).ToArray();
        _orthantGroups = new OrthantRowGroups(cones.Zero, cones.NonNegative, _rowPtr, _colIdx);
        _orthantSum = new double[MaxSummedColumns * MaxSummedColumns];
        var setup = Stopwatch.StartNew();
        _ldl = KktFactorizationChoice.Create(_n + _z, CollectPattern, settings.Factorization, out var description);
        FactorizationDescription = $"{description}; set-up {setup.Elapsed.TotalSeconds:f2} s";
    }

    /// <summary>Wall time spent so far in assembly, numeric factorization and solves (refinement included), for the
    /// verbose log: what a profile of the sparse path needs first.</summary>
    public KktTimes Times => new(_assembly.Elapsed.TotalSeconds, _factor.Elapsed.TotalSeconds, _solve.Elapsed.TotalSeconds, _solves);

    private readonly Stopwatch _assembly = new(), _factor = new(), _solve = new();
    private int _solves;

    private PsdColumns CollectColumns(int start, int q)
    {
        var byColumn = new SortedDictionary<int, List<(int, double)>>();
        int nnz = 0;
        for (int r = start; r < start + q; r++)
            for (int a = _rowPtr[r]; a < _rowPtr[r + 1]; a++)
            {
                if (!byColumn.TryGetValue(_colIdx[a], out var list)) byColumn[_colIdx[a]] = list = new List<(int, double)>();
                list.Add((r - start, _rowVal[a]));
                nnz++;
            }
        return new PsdColumns(byColumn.Keys.ToArray(), byColumn.Values.Select(l => l.ToArray()).ToArray(), nnz);
    }

    public int DynamicRegularizations => _ldl.DynamicRegularizations;

    /// <summary>Which factorization was chosen, and its size (for the verbose log).</summary>
    public string FactorizationDescription { get; }

    /// <summary>The pattern of the reduced matrix: one assembly (with H = I) into a recorder, plus the diagonal.</summary>
    private KktPattern CollectPattern()
    {
        var pattern = new KktPattern(_n + _z);
        AddEntries(pattern, null);
        return pattern;
    }

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

    /// <summary>Assembles and factors the reduced matrix; scaling null means H = I (used for the starting point).
    /// mu, the iterate's complementarity, loosens the refinement target of the solves that follow (see
    /// <see cref="InteriorPointSettings.RefinementMuFraction"/>); 0 keeps it at its strict value.</summary>
    public bool Factor(NtScaling? scaling, double mu = 0)
    {
        _scaling = scaling;
        _refinementFloor = double.IsFinite(mu) && mu > 0 ? _settings.RefinementMuFraction * mu : 0;
        _assembly.Start();
        _ldl.Clear();
        IKktEntries target = _ldl;
        if (_ldl is ISlottedEntries slotted)
        {
            _replay ??= new AssemblyReplay(slotted);
            _replay.Begin();
            target = _replay;
        }
        AddEntries(target, scaling);
        int z = _cones.Zero;
        double delta = _settings.StaticRegularization + _settings.ProportionalRegularization * _ldl.MaxAbsDiagonal();
        for (int i = 0; i < _n; i++) target.Add(i, i, delta);
        for (int i = _n; i < _n + z; i++) target.Add(i, i, -delta);
        _replay?.End();
        _assembly.Stop();
        _factor.Start();
        try
        {
            return _ldl.Factor(_n, _settings.DynamicEpsilon, _settings.DynamicDelta, _stop);
        }
        finally
        {
            _factor.Stop();
        }
    }

    /// <summary>Adds P, A_cᵀH⁻¹A_c and A_z to target; the loops depend on the structure only, never on values.</summary>
    private void AddEntries(IKktEntries target, NtScaling? scaling)
    {
        if (_program.P is { } p)
            foreach (var (r, c, v) in p.Entries()) target.Add(c, r, v);

        int z = _cones.Zero;
        AddOrthantRows(target, scaling);
        for (int k = 0; k < _cones.Soc.Length; k++) AddSocBlock(target, k, scaling);
        for (int k = 0; k < _cones.Psd.Length; k++) AddPsdBlock(target, k, scaling);
        for (int k = 0; k < _cones.Exp.Length; k++) AddExpBlock(target, k, scaling);
        for (int r = 0; r < z; r++)
            for (int a = _rowPtr[r]; a < _rowPtr[r + 1]; a++) target.Add(_n + r, _colIdx[a], _rowVal[a]);
    }

    /// <summary>Adds Σ_r f_r a_r a_rᵀ (f_r = 1/w_r²) over the orthant rows, one dense lower triangle per group of rows
    /// with the same columns (<see cref="OrthantRowGroups"/>).</summary>
    private void AddOrthantRows(IKktEntries target, NtScaling? scaling)
    {
        for (int g = 0; g < _orthantGroups.Rows.Length; g++)
        {
            var cols = _orthantGroups.Columns[g];
            int s = cols.Length;
            if (s > MaxSummedColumns)
            {
                foreach (int r in _orthantGroups.Rows[g]) AddOrthantRow(target, scaling, r);
                continue;
            }
            var sum = _orthantSum.AsSpan(0, s * s);
            sum.Clear();
            foreach (int r in _orthantGroups.Rows[g])
            {
                double f = scaling is null ? 1 : 1 / (scaling.OrthantW(r) * scaling.OrthantW(r));
                var row = _rowVal.AsSpan(_rowPtr[r], s);
                for (int a = 0; a < s; a++)
                {
                    double fa = f * row[a];
                    var dst = sum.Slice(a * s, a + 1);
                    for (int b = 0; b <= a; b++) dst[b] += fa * row[b];
                }
            }
            for (int a = 0; a < s; a++)
                for (int b = 0; b <= a; b++) target.Add(cols[a], cols[b], sum[a * s + b]);
        }
    }

    /// <summary>Rows with more columns are added one by one: their s×s sum would cost memory and rarely repeats.</summary>
    private const int MaxSummedColumns = 64;

    private void AddOrthantRow(IKktEntries target, NtScaling? scaling, int r)
    {
        double f = scaling is null ? 1 : 1 / (scaling.OrthantW(r) * scaling.OrthantW(r));
        for (int a = _rowPtr[r]; a < _rowPtr[r + 1]; a++)
        {
            double fa = f * _rowVal[a];
            int ca = _colIdx[a];
            for (int b = _rowPtr[r]; b <= a; b++) target.Add(ca, _colIdx[b], fa * _rowVal[b]);
        }
    }

    /// <summary>Adds GᵀG with G = W⁻¹A_b for one cone block, working on the union of its rows' column patterns.</summary>
    private void AddSocBlock(IKktEntries target, int k, NtScaling? scaling)
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
                target.Add(pattern[u], pattern[v], d);
            }
        }
    }

    /// <summary>Adds GᵀG = A_bᵀH⁻¹A_b with G = W⁻ᵀA_b for exponential cone k (W upper triangular, not symmetric).</summary>
    private void AddExpBlock(IKktEntries target, int k, NtScaling? scaling)
    {
        int start = _cones.Exp[k];
        var cols = new SortedSet<int>();
        for (int r = start; r < start + 3; r++)
            for (int a = _rowPtr[r]; a < _rowPtr[r + 1]; a++) cols.Add(_colIdx[a]);
        if (cols.Count == 0) return;
        var pattern = cols.ToArray();
        var g = new double[pattern.Length * 3];
        for (int r = start; r < start + 3; r++)
            for (int a = _rowPtr[r]; a < _rowPtr[r + 1]; a++)
                g[Array.BinarySearch(pattern, _colIdx[a]) * 3 + (r - start)] = _rowVal[a];
        if (scaling is not null)
            for (int u = 0; u < pattern.Length; u++)
            {
                var col = g.AsSpan(u * 3, 3);
                scaling.Exp(k).ApplyWInverseTranspose(col, col);
            }
        for (int u = 0; u < pattern.Length; u++)
            for (int v = 0; v <= u; v++)
                target.Add(pattern[u], pattern[v], g[u * 3] * g[v * 3] + g[u * 3 + 1] * g[v * 3 + 1] + g[u * 3 + 2] * g[v * 3 + 2]);
    }

    /// <summary>
    /// Adds A_bᵀH⁻¹A_b for PSD block k (q = k(k+1)/2 rows, p columns of A touching them, nnz entries). Two routes:
    /// <list type="bullet">
    /// <item>explicit: H⁻¹A_b column by column as Σ a_ru·(column r of H⁻¹), each column of H⁻¹ = W⁻¹W⁻ᵀ read off the
    /// symmetric Kronecker product M ⊗ₛ M in O(q) (<see cref="PsdScaling.HInverseColumn"/>), then A_bᵀ(H⁻¹A_b) through
    /// the sparse entries: O(q·nnz + p·nnz); best when A_b is sparse, e.g. rows that are svec variables;</item>
    /// <item>by columns: G = W⁻ᵀA_b one column at a time (O(p·k³)), then GᵀG (O(p²q)); best for a few dense columns,
    /// e.g. a linear matrix inequality Σ x_iF_i ⪰ 0 in a few variables.</item>
    /// </list>
    /// </summary>
    private void AddPsdBlock(IKktEntries target, int k, NtScaling? scaling)
    {
        var (_, order) = _cones.Psd[k];
        int q = ConeLayout.SvecLength(order);
        var cols = _psdColumns[k];
        int p = cols.Pattern.Length;
        if (p == 0) return;
        double explicitCost = (double)q * cols.NonZeros + (double)p * cols.NonZeros;
        double columnCost = 4.0 * p * order * order * order + 0.5 * (double)p * p * q;
        bool useExplicit = _settings.PsdAssembly switch
        {
            PsdAssembly.Explicit => true,
            PsdAssembly.ByColumns => false,
            _ => explicitCost <= columnCost,
        };
        var psd = scaling?.Psd(k);
        var g = new double[(long)p * q]; // column u of the result (H⁻¹A_b or W⁻ᵀA_b), contiguous
        if (useExplicit)
        {
            var m = PsdScaling.InverseHessianFactor(psd, order);
            var h = new double[q];
            for (int u = 0; u < p; u++)
            {
                var col = g.AsSpan(u * q, q);
                foreach (var (row, val) in cols.Entries[u])
                {
                    PsdScaling.HInverseColumn(m, order, row, h);
                    for (int i = 0; i < q; i++) col[i] += val * h[i];
                }
            }
            for (int u = 0; u < p; u++)
                for (int v = 0; v <= u; v++)
                {
                    var hv = g.AsSpan(v * q, q);
                    double d = 0;
                    foreach (var (row, val) in cols.Entries[u]) d += val * hv[row];
                    target.Add(cols.Pattern[u], cols.Pattern[v], d);
                }
            return;
        }
        for (int u = 0; u < p; u++)
        {
            var col = g.AsSpan(u * q, q);
            foreach (var (row, val) in cols.Entries[u]) col[row] = val;
            psd?.ApplyWInverseTranspose(col, col);
        }
        for (int u = 0; u < p; u++)
        {
            var gu = g.AsSpan(u * q, q);
            for (int v = 0; v <= u; v++)
            {
                var gv = g.AsSpan(v * q, q);
                double d = 0;
                for (int i = 0; i < q; i++) d += gu[i] * gv[i];
                target.Add(cols.Pattern[u], cols.Pattern[v], d);
            }
        }
    }

    /// <summary>r = H⁻¹v = W⁻¹W⁻ᵀv on the cone rows (zero rows untouched). r may alias v.</summary>
    private void ApplyHInverse(ReadOnlySpan<double> v, Span<double> r)
    {
        int z = _cones.Zero;
        if (_scaling is null)
        {
            v[z..].CopyTo(r[z..]);
            return;
        }
        var keep = r[..z].ToArray();
        _scaling.ApplyWInverseTranspose(v, r);
        _scaling.ApplyWInverse(r, r);
        keep.CopyTo(r);
    }

    /// <summary>
    /// Solves the full Newton system for (dx, dy) given (rx, rz). The elimination is exact only in exact arithmetic:
    /// near the optimum H spans many orders of magnitude and an error in dx is amplified by H⁻¹ when dy_c is recovered,
    /// so iterative refinement is run on the full system [P Aᵀ; A −H] (δ-free), with the reduced factorization as the
    /// inner solver. Returns the final relative residual (NaN when something non-finite appeared).
    /// </summary>
    public double Solve(ReadOnlySpan<double> rx, ReadOnlySpan<double> rz, Span<double> dx, Span<double> dy)
    {
        _solve.Start();
        try
        {
            return SolveRefined(rx, rz, dx, dy);
        }
        finally
        {
            _solve.Stop();
        }
    }

    private double SolveRefined(ReadOnlySpan<double> rx, ReadOnlySpan<double> rz, Span<double> dx, Span<double> dy)
    {
        int n = _n, m = _mTmp.Length;
        // A·dx is a by-product of every eliminated solve; the residual reuses it (A·(dx + cx) = A·dx + A·cx up to
        // rounding of the size the residual's own evaluation has), which saves one pass over A per residual.
        Span<double> adx = _adx, acx = _acx;
        SolveEliminated(rx, rz, dx, dy, adx);
        double bnorm = Math.Max(NormInf(rx), NormInf(rz));
        double tol = _settings.RefinementAbsTolerance + Math.Max(_settings.RefinementRelTolerance, _refinementFloor) * bnorm;
        // Scratch reused across solves: at 2·10⁶ rows a fresh set is 64 MB per solve, a few hundred solves per run.
        var (ex, ez, cx, cy, tx, ty) = (_refine[0], _refine[1], _refine[2], _refine[3], _refine[4], _refine[5]);
        double rnorm = FullResidual(rx, rz, dx, dy, adx, ex, ez);
        for (int it = 0; it < _settings.RefinementMaxSteps && rnorm > tol; it++)
        {
            SolveEliminated(ex, ez, cx, cy, acx);
            for (int i = 0; i < n; i++) tx[i] = dx[i] + cx[i];
            for (int i = 0; i < m; i++) ty[i] = dy[i] + cy[i];
            for (int i = 0; i < m; i++) acx[i] += adx[i]; // now A·tx
            double next = FullResidual(rx, rz, tx, ty, acx, cx, cy);
            if (!(next < rnorm)) break;
            tx.CopyTo(dx);
            ty.CopyTo(dy);
            acx.CopyTo(adx);
            cx.CopyTo(ex, 0);
            cy.CopyTo(ez, 0);
            bool slow = next > rnorm / _settings.RefinementStopRatio;
            rnorm = next;
            if (slow) break;
        }
        return rnorm / (1 + bnorm);
    }

    /// <summary>One pass of elimination: reduced solve for (dx, dy_z), then dy_c = H⁻¹(A_c·dx − rz_c); adx receives
    /// A·dx.</summary>
    private void SolveEliminated(ReadOnlySpan<double> rx, ReadOnlySpan<double> rz, Span<double> dx, Span<double> dy, Span<double> adx)
    {
        _solves++;
        int n = _n, z = _z;
        rz.CopyTo(_mTmp);
        ApplyHInverse(_mTmp, _mTmp);
        _mTmp.AsSpan(0, z).Clear();
        var sol = _sol.AsSpan();
        rx.CopyTo(sol);
        _program.A.TransposeMultiplyAdd(_mTmp, sol[..n]);
        rz[..z].CopyTo(sol[n..]);
        _ldl.Solve(sol);

        sol[..n].CopyTo(dx);
        MultiplyByRows(dx, adx);
        var ax = _mTmp.AsSpan();
        for (int i = z; i < ax.Length; i++) ax[i] = adx[i] - rz[i];
        ApplyHInverse(ax, ax);
        ax[z..].CopyTo(dy[z..]);
        sol[n..].CopyTo(dy[..z]);
    }

    /// <summary>r = A·v from the row-wise copy: each row a gather over a vector of length n (cache-resident), where
    /// the column-wise product scatters into one of length m.</summary>
    private void MultiplyByRows(ReadOnlySpan<double> v, Span<double> r)
    {
        var (ptr, idx, val) = (_rowPtr, _colIdx, _rowVal);
        for (int i = 0; i < r.Length; i++)
        {
            double sum = 0;
            for (int k = ptr[i]; k < ptr[i + 1]; k++) sum += val[k] * v[idx[k]];
            r[i] = sum;
        }
    }

    /// <summary>(ex, ez) = (rx, rz) − [P Aᵀ; A −H](dx, dy), with adx = A·dx given; returns the ∞-norm.</summary>
    private double FullResidual(ReadOnlySpan<double> rx, ReadOnlySpan<double> rz, ReadOnlySpan<double> dx, ReadOnlySpan<double> dy,
        ReadOnlySpan<double> adx, Span<double> ex, Span<double> ez)
    {
        int z = _z;
        rx.CopyTo(ex);
        _program.A.TransposeMultiplyAdd(dy, ex, -1);
        if (_program.P is { } p) SymmetricUpperMultiplyAdd(p, dx, ex, -1);
        var hdy = _mTmp2.AsSpan();
        ApplyH(dy, hdy);
        for (int i = 0; i < z; i++) ez[i] = rz[i] - adx[i];
        for (int i = z; i < ez.Length; i++) ez[i] = rz[i] - adx[i] + hdy[i];
        return Math.Max(NormInf(ex), NormInf(ez));
    }

    /// <summary>r = Hv = WᵀWv on the cone rows (zero rows of r set to 0).</summary>
    private void ApplyH(ReadOnlySpan<double> v, Span<double> r)
    {
        if (_scaling is null)
        {
            v.CopyTo(r);
            r[.._z].Clear();
            return;
        }
        _scaling.ApplyW(v, r);
        _scaling.ApplyWTranspose(r, r);
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

/// <summary>Cumulative seconds in the KKT system's three phases and the number of reduced solves (refinement steps
/// included).</summary>
internal readonly record struct KktTimes(double Assembly, double Factor, double Solve, int Solves)
{
    public override string ToString() => $"assembly {Assembly:f2} s, factor {Factor:f2} s, solve {Solve:f2} s ({Solves} solves)";
}
