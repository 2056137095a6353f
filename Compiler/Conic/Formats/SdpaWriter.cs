using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace ConicDsl.Conic.Formats;

/// <summary>One nonzero of an SDPA file: entry (I, J), I ≤ J, 1-based, of block <see cref="Block"/> of F_Matrix
/// (F_0 when Matrix is 0, else F_Matrix for variable Matrix − 1).</summary>
public readonly record struct SdpaEntry(int Matrix, int Block, int I, int J, double Value);

/// <summary>
/// A <see cref="ConicProgram"/> laid out as an SDPA sparse problem, with what is needed to map solutions back.
/// Blocks, in this order: one diagonal block (if there are zero or nonnegative rows) holding each equality row
/// twice (entries 2r+1 and 2r+2 carry +s_r and −s_r) and then each nonnegative row once; one arrow block per
/// second-order cone; one block per PSD cone.
/// </summary>
public sealed class SdpaProblem
{
    internal SdpaProblem(ConeLayout cones, ImmutableArray<int> blockSizes, int socBlock, int psdBlock,
        ImmutableArray<double> objective, ImmutableArray<SdpaEntry> entries)
    {
        Cones = cones;
        BlockSizes = blockSizes;
        FirstSocBlock = socBlock;
        FirstPsdBlock = psdBlock;
        Objective = objective;
        Entries = entries;
    }

    public ConeLayout Cones { get; }

    /// <summary>SDPA's blockStruct: a negative size is a diagonal block of that many entries.</summary>
    public ImmutableArray<int> BlockSizes { get; }

    /// <summary>1-based block number of the diagonal block, or 0 when the program has no zero or nonnegative rows.</summary>
    public int DiagonalBlock => Cones.Zero + Cones.NonNegative > 0 ? 1 : 0;

    /// <summary>1-based block number of the first SOC arrow block.</summary>
    public int FirstSocBlock { get; }

    /// <summary>1-based block number of the first PSD block.</summary>
    public int FirstPsdBlock { get; }

    /// <summary>SDPA's c (CSDP's a): our c, one entry per variable.</summary>
    public ImmutableArray<double> Objective { get; }

    /// <summary>Nonzeros sorted by matrix, block, row, column.</summary>
    public ImmutableArray<SdpaEntry> Entries { get; }

    public int Variables => Objective.Length;

    /// <summary>
    /// The adjoint L* of the row-to-matrix map, applied to block-diagonal symmetric matrices given as upper-triangle
    /// entries (i ≤ j, 1-based, each position at most once; <see cref="SdpaEntry.Matrix"/> is ignored), as SDPA and
    /// CSDP solution files list them. Applied to SDPA's dual matrix Y (CSDP's primal X) it gives our dual y; since L*
    /// maps PSD matrices into K*, y ∈ K* whenever Y ⪰ 0.
    /// </summary>
    public double[] RowsFromMatrices(IEnumerable<SdpaEntry> upperEntries)
    {
        var y = new double[Cones.Rows];
        int z = Cones.Zero;
        var soc = Cones.SecondOrderBlocks().ToArray();
        var psd = Cones.PsdBlocks().ToArray();
        foreach (var (_, block, i, j, v) in upperEntries)
        {
            if (block == DiagonalBlock)
            {
                if (i != j) continue;
                if (i <= 2 * z) y[(i - 1) / 2] += i % 2 == 1 ? v : -v;
                else y[z + i - 2 * z - 1] += v;
            }
            else if (block >= FirstSocBlock && block < FirstSocBlock + soc.Length)
            {
                // ⟨arrow(t, u), M⟩ = t·tr M + 2 Σ_j u_j M_{0,j}.
                var (start, _) = soc[block - FirstSocBlock];
                if (i == j) y[start] += v;
                else if (i == 1) y[start + j - 1] += 2 * v;
            }
            else if (block >= FirstPsdBlock && block < FirstPsdBlock + psd.Length)
            {
                var (start, k) = psd[block - FirstPsdBlock];
                y[start + Svec.Index(k, j - 1, i - 1)] += i == j ? v : Svec.Sqrt2 * v;
            }
            else throw new ArgumentException($"block {block} is not one of the {BlockSizes.Length} blocks");
        }
        return y;
    }
}

/// <summary>
/// Writes a linear conic program in SDPA's sparse format (".dat-s"), read by SDPA, CSDP, DSDP and others.
/// <para>
/// The mapping. SDPA's primal is <c>minimize cᵀx s.t. X = Σ_i x_i F_i − F_0 ⪰ 0</c> (x free) and its dual is
/// <c>maximize tr(F_0 Y) s.t. tr(F_i Y) = c_i, Y ⪰ 0</c>. CSDP names them the other way round: its "primal" is
/// <c>max tr(C X) s.t. tr(A_i X) = a_i, X ⪰ 0</c> (SDPA's dual, with C = F_0, A_i = F_i, a = c, X = Y) and its
/// "dual" is <c>min aᵀy s.t. Σ y_i A_i − C = Z ⪰ 0</c> (SDPA's primal, with y = x, Z = X).
/// </para>
/// <para>
/// Our standard form <c>min cᵀx s.t. Ax + s = b, s ∈ K</c> is SDPA's primal (CSDP's dual) through a linear map L from
/// a row vector to a block-diagonal symmetric matrix with L(K) ⊆ PSD and s ∈ K ⇔ L(s) ⪰ 0:
/// F_0 = −L(b), F_i = −L(A[:, i]) (so SDPA's X = L(s) = L(b − Ax)), SDPA's c = our c, SDPA's x = our x (= CSDP's y).
/// Per cone: a nonnegative row is one diagonal entry; a zero-cone row r is two diagonal entries +s_r ≥ 0 and −s_r ≥ 0
/// (SDPA has no free or equality block on this side, and eliminating equalities would destroy sparsity; the price is
/// that X has no strict interior, which CSDP's infeasible-start method tolerates at some cost in accuracy);
/// a second-order cone (t, u) becomes the arrow matrix [[t, uᵀ], [u, t·I]], which is PSD exactly when ‖u‖ ≤ t;
/// a PSD cone's svec block becomes the matrix itself (off-diagonal svec entries divided by √2).
/// </para>
/// <para>
/// Back from a solution: our x = SDPA's x (CSDP's y); s = b − Ax; our dual y = L*(Y) (CSDP's X), see
/// <see cref="SdpaProblem.RowsFromMatrices"/>: y_r = Y_{2r,2r} − Y_{2r+1,2r+1} for an equality, the diagonal entry
/// for a nonnegative row, (tr M, 2·M_{0,1..}) for an arrow block, svec(M) for a PSD block. Then tr(F_i Y) = c_i is
/// our stationarity Aᵀy + c = 0, and SDPA's dual objective tr(F_0 Y) is our dual objective −bᵀy.
/// </para>
/// <para>SDPA has no objective constant (written as a comment) and no quadratic objective (refused: use cvxopt or scs).
/// Variables map one to one, so a variable in no row gives an empty F_i, which the format allows but CSDP refuses
/// ("Constraint i is empty"); the csdp backend removes such variables before writing.</para>
/// </summary>
public static class SdpaWriter
{
    /// <summary>Null when the program can be written, else why not.</summary>
    public static string? Rejects(ConicProgram program)
    {
        if (program.HasQuadraticObjective)
            return "the SDPA format holds linear objectives only; this program has a quadratic objective (P ≠ 0): use the cvxopt or scs backend";
        if (program.Cones.HasExponential)
            return "the SDPA format has no exponential cones: use the native or scs backend, or export CBF (--format cbf)";
        if (program.Variables == 0) return "the SDPA format needs at least one variable";
        if (program.Constraints == 0) return "the SDPA format needs at least one constraint row";
        return null;
    }

    public static SdpaProblem Build(ConicProgram program)
    {
        if (Rejects(program) is string why) throw new ArgumentException(why, nameof(program));
        var cones = program.Cones;
        var sizes = ImmutableArray.CreateBuilder<int>();
        int diagonal = 2 * cones.Zero + cones.NonNegative;
        if (diagonal > 0) sizes.Add(-diagonal);
        int socBlock = sizes.Count + 1;
        sizes.AddRange(cones.SecondOrder);
        int psdBlock = sizes.Count + 1;
        sizes.AddRange(cones.Psd);

        // Where each row lands: (block, i, j, divisor), 1-based, i ≤ j; a divisor rather than a factor so that an
        // off-diagonal svec entry √2·v comes back as exactly v.
        var places = new List<(int Block, int I, int J, double Divisor)>[program.Constraints];
        for (int r = 0; r < places.Length; r++) places[r] = new();
        for (int r = 0; r < cones.Zero; r++)
        {
            places[r].Add((1, 2 * r + 1, 2 * r + 1, 1));
            places[r].Add((1, 2 * r + 2, 2 * r + 2, -1)); // −s_r ≥ 0
        }
        for (int r = 0; r < cones.NonNegative; r++)
            places[cones.Zero + r].Add((1, 2 * cones.Zero + r + 1, 2 * cones.Zero + r + 1, 1));
        int block = socBlock;
        foreach (var (start, q) in cones.SecondOrderBlocks())
        {
            for (int i = 1; i <= q; i++) places[start].Add((block, i, i, 1));
            for (int j = 1; j < q; j++) places[start + j].Add((block, 1, j + 1, 1));
            block++;
        }
        block = psdBlock;
        foreach (var (start, k) in cones.PsdBlocks())
        {
            for (int j = 0; j < k; j++)
                for (int i = j; i < k; i++)
                    places[start + Svec.Index(k, i, j)].Add((block, j + 1, i + 1, i == j ? 1 : Svec.Sqrt2));
            block++;
        }

        var entries = new List<SdpaEntry>();
        for (int r = 0; r < program.Constraints; r++)
        {
            if (program.B[r] == 0) continue;
            foreach (var (bl, i, j, f) in places[r]) entries.Add(new SdpaEntry(0, bl, i, j, -program.B[r] / f));
        }
        foreach (var (r, col, v) in program.A.Entries())
            foreach (var (bl, i, j, f) in places[r]) entries.Add(new SdpaEntry(col + 1, bl, i, j, -v / f));
        // Each row owns its positions, so no two entries of one matrix collide; sorting makes the file canonical.
        entries.Sort((a, b) => (a.Matrix, a.Block, a.I, a.J).CompareTo((b.Matrix, b.Block, b.I, b.J)));
        return new SdpaProblem(cones, sizes.ToImmutable(), socBlock, psdBlock, program.C, entries.ToImmutableArray());
    }

    public static string Write(ConicProgram program) => Write(Build(program), program.ObjectiveConstant);

    public static string Write(SdpaProblem problem, double objectiveConstant = 0)
    {
        var sb = new StringBuilder();
        void Line(string s) => sb.Append(s).Append('\n');
        Line("* ConicDsl standard form (min cᵀx s.t. Ax + s = b, s ∈ K) as an SDPA primal: Σ x_i F_i − F_0 = L(b − Ax) ⪰ 0");
        Line($"* cones: {problem.Cones}; blocks: diagonal (2 entries per equality row, then nonnegative rows), SOC arrows, PSD");
        if (objectiveConstant != 0) Line($"* objective constant {Num(objectiveConstant)} (not representable in SDPA: add it to the optimal value)");
        Line(problem.Variables.ToString(CultureInfo.InvariantCulture));
        Line(problem.BlockSizes.Length.ToString(CultureInfo.InvariantCulture));
        Line(string.Join(" ", problem.BlockSizes.Select(s => s.ToString(CultureInfo.InvariantCulture))));
        Line(string.Join(" ", problem.Objective.Select(Num)));
        foreach (var e in problem.Entries)
            Line(string.Create(CultureInfo.InvariantCulture, $"{e.Matrix} {e.Block} {e.I} {e.J} ") + Num(e.Value));
        return sb.ToString();
    }

    /// <summary>Shortest text that reads back to the same double.</summary>
    public static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
