namespace ConicDsl.Compiler.Architectures.ConvDense;

/// <summary>
/// The linear algebra of one cone (math.md §6), over θ = vec(C) with c_k = u_k w_k:
/// <list type="bullet">
/// <item>first layer: s_k(2D^k − I)X_k c_k ≥ 0 for each live position k (E2). With a shared filter (E1) c_k = w_k u
/// and u has one pattern over all nK patches, so every live column must satisfy the whole stacked system,
/// s_k(2D − I)X_st c_k ≥ 0 — tighter than math.md's per-position rows and still true of every rank-one C in the
/// cone, so the relaxation stays a lower bound and needs less repair;</item>
/// <item>second layer: g = Σ_k D^k X_k c_k = Mθ, the response row m_s of sample s; (2D' − I)Mθ ≥ 0;</item>
/// <item>map: the sub-network outputs (g)_+ = D'Mθ on the cone.</item>
/// </list>
/// All-zero patch rows give no first-layer row (0 ≥ 0 always holds).
/// </summary>
public static class SubnetworkRows
{
    /// <summary>The first-layer rows of the live positions (each a p-vector, to be read as row·θ ≥ 0).</summary>
    public static List<double[]> FirstLayer(SubnetworkPatches x, bool[] firstLayer, sbyte[] signs)
    {
        int n = x.Samples, h = x.Size, p = x.Dimension;
        var rows = new List<double[]>();
        for (int k = 0; k < x.Positions; k++)
        {
            if (signs[k] == 0) continue;
            for (int source = 0; source < x.Positions; source++)
            {
                if (!x.Shared && source != k) continue;
                for (int s = 0; s < n; s++)
                {
                    if (x.IsZero(source, s)) continue;
                    double side = signs[k] * (firstLayer[source * n + s] ? 1.0 : -1.0);
                    var row = new double[p];
                    for (int j = 0; j < h; j++) row[k * h + j] = side * x[source, s, j];
                    rows.Add(row);
                }
            }
        }
        return rows;
    }

    /// <summary>m_s for every sample: D^k_s x_{s,k} in position k's coordinates, zero at off positions; null when the
    /// whole row is zero (sample s has no active patch at a live position, so g_s = 0 on the cone).</summary>
    public static double[]?[] Responses(SubnetworkPatches x, bool[] firstLayer, sbyte[] signs)
    {
        int n = x.Samples, h = x.Size, p = x.Dimension;
        var rows = new double[]?[n];
        for (int s = 0; s < n; s++)
        {
            var row = new double[p];
            bool any = false;
            for (int k = 0; k < x.Positions; k++)
            {
                if (signs[k] == 0 || !firstLayer[k * n + s]) continue;
                for (int j = 0; j < h; j++)
                {
                    row[k * h + j] = x[k, s, j];
                    any |= row[k * h + j] != 0;
                }
            }
            rows[s] = any ? row : null;
        }
        return rows;
    }

    /// <summary>Whether a position adds anything to g: some active patch at it is nonzero (else it is off).</summary>
    public static bool Contributes(SubnetworkPatches x, bool[] firstLayer, int position)
    {
        for (int s = 0; s < x.Samples; s++)
            if (firstLayer[position * x.Samples + s] && !x.IsZero(position, s)) return true;
        return false;
    }

    /// <summary>The §1 block of a cone: map D'M, membership = first-layer rows and the second-layer rows (2D' − I)M.
    /// The columns of off positions appear in no row and no map: they can only add to the penalty, so an optimum
    /// has them zero, and pinning them with pairs of inequalities would only take away the cone's interior, which
    /// interior-point solvers need.</summary>
    public static ConeBlock Block(int pattern, SubnetworkPatches x, SubnetworkCone cone)
    {
        int n = x.Samples, h = x.Size, p = x.Dimension;
        var responses = Responses(x, cone.FirstLayer, cone.Signs);
        var map = new double[n, p];
        for (int s = 0; s < n; s++)
            if (cone.SecondLayer[s] && responses[s] is { } m)
                for (int j = 0; j < p; j++) map[s, j] = m[j];
        var rows = FirstLayer(x, cone.FirstLayer, cone.Signs);
        for (int s = 0; s < n; s++)
        {
            if (responses[s] is not { } m) continue;
            double side = cone.SecondLayer[s] ? 1 : -1;
            rows.Add(m.Select(e => side * e).ToArray());
        }
        var membership = new double[rows.Count, p];
        for (int r = 0; r < rows.Count; r++)
        for (int j = 0; j < p; j++)
            membership[r, j] = rows[r][j];
        return new ConeBlock(pattern, map, membership);
    }
}
