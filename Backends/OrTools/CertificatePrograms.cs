using System.Collections.Immutable;
using ConicDsl.Conic;

namespace ConicDsl.Backends.OrTools;

/// <summary>
/// OR-Tools reports INFEASIBLE or UNBOUNDED without the ray behind it (and GLOP says INFEASIBLE for an unbounded
/// LP with free variables). A certificate is itself the feasible point of a small conic program of the same cone
/// types, so the backend solves that program too and lets <see cref="ExternalResults.FromCertificate"/> check it.
/// </summary>
internal static class CertificatePrograms
{
    /// <summary>y ∈ K*, Aᵀy = 0, bᵀy = −1 (K* = free × K' where K' is the orthant and SOC part, self-dual).</summary>
    public static ConicProgram Infeasibility(ConicProgram program)
    {
        int n = program.Variables, m = program.Constraints, z = program.Cones.Zero;
        var t = new List<(int, int, double)>();
        foreach (var (r, c, v) in program.A.Entries()) t.Add((c, r, v));
        for (int i = 0; i < m; i++) t.Add((n, i, program.B[i]));
        // Rows −y_i + s_i = 0 with s in the orthant/SOC part put y_i itself in that cone.
        for (int i = z; i < m; i++) t.Add((n + 1 + i - z, i, -1));
        var b = new double[n + 1 + m - z];
        b[n] = -1;
        var cones = new ConeLayout(n + 1, program.Cones.NonNegative, program.Cones.SecondOrder);
        return Make(SparseMatrix.FromTriplets(b.Length, m, t), b, new double[m], cones);
    }

    /// <summary>Ad + s = 0 with s ∈ K, Pd = 0, cᵀd = −1.</summary>
    public static ConicProgram Unboundedness(ConicProgram program)
    {
        int n = program.Variables, z = program.Cones.Zero, m = program.Constraints;
        int pRows = program.HasQuadraticObjective ? n : 0;
        var t = new List<(int, int, double)>();
        // Zero rows first (A's own, then P's, then the normalisation), then A's remaining rows in their cone order.
        int Shift(int r) => r < z ? r : r + pRows + 1;
        foreach (var (r, c, v) in program.A.Entries()) t.Add((Shift(r), c, v));
        if (pRows > 0)
            foreach (var (r, c, v) in program.P!.Entries())
            {
                t.Add((z + r, c, v));
                if (r != c) t.Add((z + c, r, v));
            }
        for (int j = 0; j < n; j++) t.Add((z + pRows, j, program.C[j]));
        var b = new double[m + pRows + 1];
        b[z + pRows] = -1;
        var cones = new ConeLayout(z + pRows + 1, program.Cones.NonNegative, program.Cones.SecondOrder);
        return Make(SparseMatrix.FromTriplets(b.Length, n, t), b, new double[n], cones);
    }

    private static ConicProgram Make(SparseMatrix a, double[] b, double[] c, ConeLayout cones) =>
        new(a, b.ToImmutableArray(), c.ToImmutableArray(), null, 0, cones,
            ImmutableArray<Block>.Empty, ImmutableArray<Block>.Empty);
}
