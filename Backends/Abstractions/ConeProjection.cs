using ConicDsl.Conic;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Backends;

/// <summary>Euclidean projections onto the cones of the standard form and onto their duals.</summary>
public static class ConeProjection
{
    /// <summary>Projects v onto K in place (zero cone → 0, orthant → max(0,·), SOC → closed form, exponential cone →
    /// <see cref="ExponentialCone.Project"/>).</summary>
    public static void ProjectPrimal(ConeLayout cones, Span<double> v)
    {
        v[..cones.Zero].Clear();
        ProjectOrthantAndSoc(cones, v);
        foreach (var s in cones.ExponentialBlocks()) ExponentialCone.Project(v.Slice(s, 3));
    }

    /// <summary>Projects v onto K* in place (zero cone's dual is free; orthant, SOC and PSD are self-dual; the
    /// exponential cone is not).</summary>
    public static void ProjectDual(ConeLayout cones, Span<double> v)
    {
        ProjectOrthantAndSoc(cones, v);
        foreach (var s in cones.ExponentialBlocks()) ExponentialCone.ProjectDual(v.Slice(s, 3));
    }

    private static void ProjectOrthantAndSoc(ConeLayout cones, Span<double> v)
    {
        int start = cones.Zero;
        for (int i = start; i < start + cones.NonNegative; i++) v[i] = Math.Max(0, v[i]);
        foreach (var (s, q) in cones.SecondOrderBlocks()) ProjectSoc(v.Slice(s, q));
        foreach (var (s, k) in cones.PsdBlocks()) ProjectPsd(v.Slice(s, ConeLayout.SvecLength(k)), k);
    }

    /// <summary>Projection onto the PSD cone in svec coordinates: negative eigenvalues are set to zero
    /// (svec is an isometry, so this is the Euclidean projection).</summary>
    public static void ProjectPsd(Span<double> block, int order)
    {
        var m = Matrix<double>.Build.DenseOfArray(Svec.ToMatrix(block, order));
        var evd = m.Evd(Symmetricity.Symmetric);
        var lambda = evd.EigenValues.Map(e => Math.Max(0, e.Real));
        var projected = evd.EigenVectors * Matrix<double>.Build.DenseOfDiagonalVector(lambda) * evd.EigenVectors.Transpose();
        Svec.FromMatrix(projected.ToArray(), block);
    }

    /// <summary>Projection onto {(t, z): ‖z‖ ≤ t}.</summary>
    public static void ProjectSoc(Span<double> block)
    {
        double t = block[0];
        double nz = 0;
        for (int i = 1; i < block.Length; i++) nz += block[i] * block[i];
        nz = Math.Sqrt(nz);
        if (nz <= t) return;
        if (nz <= -t)
        {
            block.Clear();
            return;
        }
        double a = 0.5 * (t + nz);
        block[0] = a;
        double scale = a / nz;
        for (int i = 1; i < block.Length; i++) block[i] *= scale;
    }
}
