using System.Collections.Immutable;
using ConicDsl.Conic;

namespace ConicDsl.Backends.Native;

/// <summary>
/// Finds linearly dependent equality (zero-cone) rows before the interior-point method starts. A dependent row
/// that is consistent with the rows it depends on is dropped (its dual is 0); an inconsistent one proves the
/// program infeasible, and the combination of rows is returned as a certificate. Without this, a rank-deficient
/// A_z leaves the Newton system singular and only the regularization δ bounds the duals (≈ 1/δ), which ruins the
/// iteration. Rows that are independent for a structural reason are set aside first (<see cref="IndependentRowPeeling"/>,
/// O(nnz)); a dense modified Gram–Schmidt (O(z²n)) examines the rest, which is usually few rows or none.
/// </summary>
internal sealed class EqualityPresolve
{
    private const double DependenceTolerance = 1e-11;

    private EqualityPresolve(ConicProgram reduced, int originalRows, int[] keptRows, double[]? certificate)
    {
        Reduced = reduced;
        OriginalRows = originalRows;
        KeptRows = keptRows;
        Certificate = certificate;
    }

    public int OriginalRows { get; }

    /// <summary>The program without the dropped rows (the original when none was dropped).</summary>
    public ConicProgram Reduced { get; }

    /// <summary>Original index of each row of <see cref="Reduced"/>.</summary>
    public int[] KeptRows { get; }

    /// <summary>When the equalities are inconsistent: y on the original rows with Aᵀy ≈ 0 and bᵀy &lt; 0.</summary>
    public double[]? Certificate { get; }

    public bool DroppedAny => KeptRows.Length < OriginalRows;

    public static EqualityPresolve Analyze(ConicProgram program)
    {
        int n = program.Variables, z = program.Cones.Zero, m = program.Constraints;
        var identity = Enumerable.Range(0, m).ToArray();
        if (z == 0) return new EqualityPresolve(program, m, identity, null);

        // Structurally independent rows are kept without arithmetic; only the core is examined, in the same order.
        var core = IndependentRowPeeling.Core(program.A, z);
        if (core.Length == 0) return new EqualityPresolve(program, m, identity, null);
        var coreIndex = new int[z];
        Array.Fill(coreIndex, -1);
        for (int k = 0; k < core.Length; k++) coreIndex[core[k]] = k;
        var rows = new double[core.Length][];
        for (int k = 0; k < core.Length; k++) rows[k] = new double[n];
        foreach (var (r, c, v) in program.A.Entries())
            if (r < z && coreIndex[r] >= 0) rows[coreIndex[r]][c] = v;

        var basis = new List<double[]>();        // orthonormal q_k
        var coeffs = new List<double[]>();       // q_k = Σ_j coeffs[k][j] · rows[kept[j]], length z
        var kept = new List<int>();
        var dropped = new List<int>();
        foreach (int i in core)
        {
            var v = (double[])rows[coreIndex[i]].Clone();
            double norm0 = Norm(v);
            var proj = new double[basis.Count];
            for (int pass = 0; pass < 2; pass++) // twice is enough for orthogonality in floating point
                for (int k = 0; k < basis.Count; k++)
                {
                    double d = Dot(basis[k], v);
                    proj[k] += d;
                    for (int t = 0; t < n; t++) v[t] -= d * basis[k][t];
                }
            double norm = Norm(v);
            // α with rows[i] ≈ Σ_j α_j rows[kept[j]]
            var alpha = new double[kept.Count];
            for (int k = 0; k < basis.Count; k++)
                for (int j = 0; j < kept.Count; j++) alpha[j] += proj[k] * coeffs[k][j];
            if (norm <= DependenceTolerance * Math.Max(1, norm0))
            {
                double implied = 0, scale = Math.Abs(program.B[i]);
                for (int j = 0; j < kept.Count; j++)
                {
                    implied += alpha[j] * program.B[kept[j]];
                    scale += Math.Abs(alpha[j] * program.B[kept[j]]);
                }
                double mismatch = program.B[i] - implied;
                if (Math.Abs(mismatch) <= 1e3 * DependenceTolerance * (1 + scale))
                {
                    dropped.Add(i);
                    continue;
                }
                // y = ±(e_i − Σ α_j e_kept[j]): Aᵀy = rows[i] − Σ α_j rows[kept[j]] ≈ 0 and bᵀy = ±mismatch.
                var y = new double[m];
                double sign = mismatch > 0 ? -1 : 1;
                y[i] = sign;
                for (int j = 0; j < kept.Count; j++) y[kept[j]] -= sign * alpha[j];
                return new EqualityPresolve(program, m, identity, y);
            }
            var q = new double[n];
            for (int t = 0; t < n; t++) q[t] = v[t] / norm;
            // q = (rows[i] − Σ_k proj_k q_k)/norm expressed through the kept rows.
            var coef = new double[z];
            for (int k = 0; k < basis.Count; k++)
                for (int j = 0; j < kept.Count; j++) coef[j] -= proj[k] * coeffs[k][j] / norm;
            coef[kept.Count] = 1 / norm;
            basis.Add(q);
            coeffs.Add(coef);
            kept.Add(i);
        }
        if (dropped.Count == 0) return new EqualityPresolve(program, m, identity, null);

        var keep = Enumerable.Range(0, m).Where(r => r >= z || !dropped.Contains(r)).ToArray();
        var newIndex = new int[m];
        Array.Fill(newIndex, -1);
        for (int k = 0; k < keep.Length; k++) newIndex[keep[k]] = k;
        var a = SparseMatrix.FromTriplets(keep.Length, n,
            program.A.Entries().Where(e => newIndex[e.Row] >= 0).Select(e => (newIndex[e.Row], e.Column, e.Value)));
        var reduced = new ConicProgram(
            a,
            keep.Select(r => program.B[r]).ToImmutableArray(),
            program.C,
            program.P,
            program.ObjectiveConstant,
            program.Cones with { Zero = z - dropped.Count },
            program.VariableBlocks,
            ImmutableArray<Block>.Empty);
        return new EqualityPresolve(reduced, m, keep, null);
    }

    /// <summary>Spreads a vector over the reduced rows back to the original rows (dropped rows get 0).</summary>
    public double[] Expand(ReadOnlySpan<double> reducedRows)
    {
        var full = new double[OriginalRows];
        for (int k = 0; k < KeptRows.Length; k++) full[KeptRows[k]] = reducedRows[k];
        return full;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
}
