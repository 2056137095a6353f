using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Conic.Formats;

/// <summary>
/// The Conic Benchmark Format, version 3 (read by MOSEK, SCIP-SDP, JuMP/MathOptInterface, CBLIB tools).
/// <para>
/// CBF states scalar constraints as <c>g = a·x + b ∈ K</c>; the standard form's rows are s = b − Ax ∈ K, so each
/// row is written with ACOORD = −A and BCOORD = b (negation is exact). Cones map L= ↔ zero, L+ ↔ nonnegative,
/// Q ↔ second-order (first entry t), EXP ↔ exponential. CBF's EXP is {(u₀, u₁, u₂): u₀ ≥ u₁·exp(u₂/u₁), u₁ ≥ 0},
/// the standard form's (SCS's) triple (x, y, z) reversed, so each exponential cone's three rows are written in the
/// order z, y, x (and read back in the order x, y, z).
/// </para>
/// <para>
/// PSD cones are written through PSDVAR matrices, not PSDCON: a PSD block s = svec(S) becomes a matrix variable X
/// and one L= row per svec entry, <c>b − Ax − ⟨F, X⟩ = 0</c> with F chosen so that ⟨F, X⟩ = svec(X) at that
/// entry (1 on the diagonal, √2/2 on both off-diagonal positions). The √2 lives in the constant F, so A and b are
/// written unscaled and read back bit for bit; through PSDCON every off-diagonal entry would be divided by √2
/// and could not be restored exactly. The reader recognises this pattern and turns it back into a PSD block.
/// </para>
/// <para>
/// CBF's objective is affine, so ½xᵀPx cannot be stored: <see cref="LiftQuadraticObjective"/> replaces it by an
/// epigraph variable t ≥ ½‖Fx‖² (FᵀF = P) stated as the second-order cone (t + ½, t − ½, Fx) ∈ Q. Reading such a
/// file gives that lifted program exactly; its optimum equals the original's (up to the rounding of F).
/// </para>
/// Block names are not part of CBF; they travel as <c># variable-block</c>/<c># row-block</c> comments.
/// </summary>
public static partial class CbfFormat
{
    public const string Marker = "# conicdsl-cbf/1";
    private const string VariableBlockComment = "# variable-block ";
    private const string RowBlockComment = "# row-block ";
    private static readonly double HalfSqrt2 = Math.Sqrt(0.5);

    public static string Write(ConicProgram program)
    {
        var p = program.HasQuadraticObjective ? LiftQuadraticObjective(program) : program;
        var cones = p.Cones;
        var sb = new StringBuilder();
        sb.Append(Marker).Append('\n');
        sb.Append("# standard form: minimize c'x + constant s.t. Ax + s = b, s in K; CBF rows are b - Ax (ACOORD = -A, BCOORD = b)\n");
        sb.Append("# PSD cone j: rows b - Ax - <F, X_j> = 0 (L=) with <F, X_j> = svec(X_j) entry, so b - Ax = svec(X_j), X_j PSD\n");
        if (program.HasQuadraticObjective)
            sb.Append("# the quadratic objective 1/2 x'Px is lifted: last variable t >= 1/2 |Fx|^2 as (t + 1/2, t - 1/2, Fx) in Q\n");
        foreach (var b in p.VariableBlocks) sb.Append(VariableBlockComment).Append(b.Offset).Append(' ').Append(b.Length).Append(' ').Append(b.Name).Append('\n');
        foreach (var b in p.RowBlocks) sb.Append(RowBlockComment).Append(b.Offset).Append(' ').Append(b.Length).Append(' ').Append(b.Name).Append('\n');

        sb.Append("VER\n3\n\nOBJSENSE\nMIN\n\n");
        if (cones.HasPsd)
        {
            sb.Append("PSDVAR\n").Append(cones.Psd.Length).Append('\n');
            foreach (var k in cones.Psd) sb.Append(k).Append('\n');
            sb.Append('\n');
        }
        sb.Append("VAR\n").Append(p.Variables).Append(p.Variables > 0 ? " 1\nF " + p.Variables.ToString(CultureInfo.InvariantCulture) + "\n\n" : " 0\n\n");

        var conLines = new List<string>();
        if (cones.Zero > 0) conLines.Add($"L= {cones.Zero}");
        if (cones.NonNegative > 0) conLines.Add($"L+ {cones.NonNegative}");
        foreach (var q in cones.SecondOrder) conLines.Add($"Q {q}");
        foreach (var k in cones.Psd) conLines.Add($"L= {ConeLayout.SvecLength(k)}");
        for (int k = 0; k < cones.Exponential; k++) conLines.Add("EXP 3");
        int expStart = cones.Rows - cones.ExponentialRows;
        // A permutation of the rows: within each exponential cone the triple (x, y, z) becomes CBF's (z, y, x).
        int Out(int row) => row < expStart ? row : expStart + 3 * ((row - expStart) / 3) + 2 - (row - expStart) % 3;
        if (p.Constraints > 0)
        {
            sb.Append("CON\n").Append(p.Constraints).Append(' ').Append(conLines.Count).Append('\n');
            foreach (var line in conLines) sb.Append(line).Append('\n');
            sb.Append('\n');
        }

        var objective = Enumerable.Range(0, p.Variables).Where(j => p.C[j] != 0).ToList();
        if (objective.Count > 0)
        {
            sb.Append("OBJACOORD\n").Append(objective.Count).Append('\n');
            foreach (var j in objective) sb.Append(j).Append(' ').Append(R(p.C[j])).Append('\n');
            sb.Append('\n');
        }
        if (p.ObjectiveConstant != 0) sb.Append("OBJBCOORD\n").Append(R(p.ObjectiveConstant)).Append("\n\n");

        if (cones.HasPsd)
        {
            sb.Append("FCOORD\n").Append(cones.PsdRows).Append('\n');
            int j = 0;
            foreach (var (start, order) in cones.PsdBlocks())
            {
                for (int col = 0; col < order; col++)
                    for (int row = col; row < order; row++)
                        sb.Append(start + Svec.Index(order, row, col)).Append(' ').Append(j).Append(' ').Append(row).Append(' ').Append(col)
                          .Append(' ').Append(row == col ? "-1" : R(-HalfSqrt2)).Append('\n');
                j++;
            }
            sb.Append('\n');
        }
        if (p.A.NonZeros > 0)
        {
            sb.Append("ACOORD\n").Append(p.A.NonZeros).Append('\n');
            foreach (var (r, c, v) in p.A.Entries().OrderBy(e => e.Column).ThenBy(e => Out(e.Row)))
                sb.Append(Out(r)).Append(' ').Append(c).Append(' ').Append(R(-v)).Append('\n');
            sb.Append('\n');
        }
        var constants = Enumerable.Range(0, p.Constraints).Where(i => p.B[i] != 0).OrderBy(Out).ToList();
        if (constants.Count > 0)
        {
            sb.Append("BCOORD\n").Append(constants.Count).Append('\n');
            foreach (var i in constants) sb.Append(Out(i)).Append(' ').Append(R(p.B[i])).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// The same program with ½xᵀPx replaced by a new last variable t (objective coefficient 1) and the
    /// second-order cone (t + ½, t − ½, Fx) with FᵀF = P, placed after the other second-order cones.
    /// F is √P for a diagonal P (exact for the squared loss's unit weights), the transposed Cholesky factor of P's
    /// restriction to the variables it touches when that is positive definite, and √λ·vᵀ over the positive
    /// eigenpairs otherwise.
    /// </summary>
    public static ConicProgram LiftQuadraticObjective(ConicProgram program)
    {
        if (!program.HasQuadraticObjective) return program;
        var factor = Factor(program.P!);
        int n = program.Variables, t = n;
        var cones = program.Cones;
        int socEnd = cones.Zero + cones.NonNegative + cones.SecondOrderRows;
        int lift = factor.Count + 2;

        var triplets = new List<(int, int, double)>(program.A.NonZeros + factor.Sum(f => f.Count) + 2);
        foreach (var (r, c, v) in program.A.Entries()) triplets.Add((r < socEnd ? r : r + lift, c, v));
        triplets.Add((socEnd, t, -1));
        triplets.Add((socEnd + 1, t, -1));
        for (int k = 0; k < factor.Count; k++)
            foreach (var (col, v) in factor[k]) triplets.Add((socEnd + 2 + k, col, -v));

        var b = new double[program.Constraints + lift];
        for (int i = 0; i < program.Constraints; i++) b[i < socEnd ? i : i + lift] = program.B[i];
        b[socEnd] = 0.5;
        b[socEnd + 1] = -0.5;

        var rowBlocks = program.RowBlocks
            .Select(bl => bl.Offset >= socEnd && bl.Length > 0 ? bl with { Offset = bl.Offset + lift } : bl)
            .Append(new Block("quadratic_objective_epigraph", socEnd, lift))
            .OrderBy(bl => bl.Offset).ThenBy(bl => bl.Length == 0 ? 0 : 1)
            .ToImmutableArray();
        return new ConicProgram(
            SparseMatrix.FromTriplets(program.Constraints + lift, n + 1, triplets),
            b.ToImmutableArray(),
            program.C.Add(1.0),
            null,
            program.ObjectiveConstant,
            cones with { SecondOrder = cones.SecondOrder.Add(lift) },
            program.VariableBlocks.Add(new Block("quadratic_objective_t", n, 1)),
            rowBlocks);
    }

    /// <summary>Rows of F (sparse: variable, coefficient) with FᵀF = P.</summary>
    private static List<List<(int Col, double Value)>> Factor(SparseMatrix p)
    {
        var entries = p.Entries().ToList();
        if (entries.All(e => e.Row == e.Column))
        {
            if (entries.Any(e => e.Value < 0)) throw new ArgumentException("P has a negative diagonal entry: not positive semidefinite");
            return entries.Select(e => new List<(int, double)> { (e.Column, Math.Sqrt(e.Value)) }).ToList();
        }
        var support = entries.SelectMany(e => new[] { e.Row, e.Column }).Distinct().Order().ToArray();
        var local = support.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i);
        var m = Matrix<double>.Build.Dense(support.Length, support.Length);
        foreach (var (r, c, v) in entries)
        {
            m[local[r], local[c]] = v;
            m[local[c], local[r]] = v;
        }
        var rows = new List<List<(int, double)>>();
        try
        {
            var l = m.Cholesky().Factor;
            for (int i = 0; i < support.Length; i++)
            {
                var row = new List<(int, double)>();
                for (int j = i; j < support.Length; j++)
                    if (l[j, i] != 0) row.Add((support[j], l[j, i]));
                rows.Add(row);
            }
            return rows;
        }
        catch (ArgumentException)
        {
            // Only semidefinite: fall through to the eigen-decomposition, which drops the null space.
        }
        var evd = m.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(z => z.Real).ToArray();
        double scale = values.Select(Math.Abs).DefaultIfEmpty(0).Max();
        if (values.Any(v => v < -1e-10 * scale)) throw new ArgumentException("P is not positive semidefinite");
        for (int k = 0; k < values.Length; k++)
        {
            if (values[k] <= 1e-14 * scale) continue;
            double s = Math.Sqrt(values[k]);
            var row = new List<(int, double)>();
            for (int i = 0; i < support.Length; i++)
                if (evd.EigenVectors[i, k] != 0) row.Add((support[i], s * evd.EigenVectors[i, k]));
            rows.Add(row);
        }
        return rows;
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
