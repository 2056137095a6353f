namespace ConicDsl.Backends.OrTools;

internal enum BlockFace { Interior, Boundary, Apex }

/// <summary>
/// How a face of the cone is read off a point from SCIP, for <see cref="ActiveSetPolish"/>. SCIP's second-order
/// constraint is the quadratic ‖s_z‖² − s_t² ≤ feastol, which allows a norm violation ‖s_z‖ − s_t of about
/// feastol / (2 s_t): large, relative to the block, when s_t is small. SCIP uses that slack: on
/// Examples/rises_cnn.cnn its point has a block with s_t = 1.4e-3 outside the cone by 1.1e-3 of s_t (the optimum has
/// it at the apex), and polishing with that block on its boundary lands off the optimum. So a block outside its
/// cone by more than <see cref="ViolationRatio"/>·s_t is taken to be an artefact of that tolerance and put at the
/// apex; no single ratio suits every point, hence several candidate faces (<see cref="Candidates"/>).
/// </summary>
internal sealed record PolishFace(double ActiveTolerance, double ViolationRatio)
{
    /// <summary>
    /// The faces tried, in order, each only while the previous ones fail the check. Measured on SCIP's points for
    /// the compiled examples (a Python replica of the polish, reference: the native IPM's optimum): activity 1e-9,
    /// 1e-7 and 1e-5 (relative to 1 + ‖b‖) read the same faces; 1e-4 puts genuinely inactive orthant rows (slack
    /// ~1e-5) on the face and lands 6e-9 above the optimum on signals_circular. Violation ratio 1e-4 finds the
    /// optimal face on rises_cnn (with SCIP's tight numerics), 1e-6 sends rises_cnn's genuinely used block (violation
    /// 1.2e-5 of s_t) to the apex and lands 5.6e-9 above the optimum; signals_circular and spline1d_huber polish to
    /// the optimum with 1e-4 or 1e-2. SCIP's own accuracy (<paramref name="activeTolerance"/>) comes next, and activity
    /// 1e-5 last: an interior point (CSDP) leaves unused blocks near, not at, the apex — on
    /// Examples/xor_gated.cnn between 4e-8 and 1.1e-5 (used blocks from 1.1e-2, active orthant slacks up to 2.1e-7,
    /// inactive from 2.0e-2) — so at 1e-7 they read as boundary blocks and no polished point checks better, while at 1e-5 the face is the
    /// optimal one and polishes to residuals 3.7e-16 / 2.2e-11, gap 8.2e-11.
    /// </summary>
    public static IReadOnlyList<PolishFace> Candidates(double activeTolerance) => new[]
    {
        new PolishFace(1e-7, 1e-4),
        new PolishFace(1e-7, 1e-2),
        new PolishFace(1e-7, 1e-6),
        new PolishFace(activeTolerance, 1e-4),
        new PolishFace(1e-5, 1e-4),
    }.Distinct().ToArray();

    /// <summary>Apex when s_t is within <paramref name="delta"/> of 0 or far outside the cone (above); boundary when
    /// s_t − ‖s_z‖ is within <paramref name="delta"/> (relative to s_t when s_t > 1); else interior.</summary>
    public BlockFace Classify(ReadOnlySpan<double> s, double delta)
    {
        double t = s[0], nz = 0;
        for (int k = 1; k < s.Length; k++) nz += s[k] * s[k];
        nz = Math.Sqrt(nz);
        if (t <= delta) return BlockFace.Apex;
        if (nz - t > ViolationRatio * t) return BlockFace.Apex;
        return t - nz <= delta * Math.Max(1, t) ? BlockFace.Boundary : BlockFace.Interior;
    }
}
