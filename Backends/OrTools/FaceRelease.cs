using ConicDsl.Conic;

namespace ConicDsl.Backends.OrTools;

/// <summary>
/// The active-set move out of a face at the edge of the optimal set. The optimum of the compiled programs is often a
/// set (many decompositions of the same predictions), and a solver like SCIP may return a point at its edge: a block
/// at its apex that the optimum could use at no cost. There the multiplier that certifies the point has that block's
/// dual on its cone's boundary (‖y_z‖ = y_t, strict complementarity lost), and the exact-cone dual rebuild, an
/// interior-point solve, does not reach it. Measured on Examples/spline1d_huber.cnn at SCIP's polished point: 8 of
/// its 70 apex blocks have a rebuilt multiplier within 8e-8·y_t of the boundary (the next is 1.9e-6·y_t), the
/// rebuilt dual's residual stops at 8.3e-9 (gap 1.09e-8), and an interior-point optimum (cvxopt on the program written
/// by <c>compile</c>) uses exactly those 8 blocks besides SCIP's 8. The move puts each such block on its boundary in
/// the direction complementary to its multiplier, s_b = ε(y_t, −y_z)/y_t, so that the face read off the moved point
/// has it there and Newton's method re-solves on that face. On spline1d_huber the objective stays the same to 5e-17,
/// and the dual rebuilt there has residual 1.3e-11 and gap 3.2e-12.
/// </summary>
internal static class FaceRelease
{
    /// <summary>
    /// Where a released block is put: s_t = ε relative to 1 + ‖b‖, well above the polish's activity tolerance (so the
    /// face read off the point has the block on its boundary) and small enough to leave the objective within
    /// <see cref="PointRefinement.ObjectiveAgreement"/>.
    /// </summary>
    public const double Step = 1e-4;

    /// <summary>
    /// The point <paramref name="x"/> with every apex block whose multiplier lies within
    /// <paramref name="pressRatio"/>·y_t of its cone's boundary moved onto its boundary, or null when there is none
    /// (or a block's rows do not each pin one column, so it cannot be moved by itself).
    /// </summary>
    public static double[]? Release(ConicProgram program, double[] x, double[] y, double pressRatio, double activeTolerance)
    {
        var rows = MpLowering.RowsOf(program.A);
        double bScale = 1 + program.B.Aggregate(0.0, (a, v) => Math.Max(a, Math.Abs(v)));
        double delta = activeTolerance * bScale;
        var ax = program.A.Multiply(x);
        var moved = (double[])x.Clone();
        int released = 0;
        foreach (var (start, q) in program.Cones.SecondOrderBlocks())
        {
            bool atApex = true;
            for (int k = 0; k < q; k++) atApex &= Math.Abs(program.B[start + k] - ax[start + k]) <= delta;
            double yt = y[start], nz = 0;
            for (int k = 1; k < q; k++) nz += y[start + k] * y[start + k];
            nz = Math.Sqrt(nz);
            if (!atApex || yt <= 0 || yt - nz > pressRatio * yt) continue;
            if (!Enumerable.Range(start, q).All(r => rows[r].Count == 1 && rows[r][0].Value != 0)) continue;
            for (int k = 0; k < q; k++)
            {
                double target = Step * bScale * (k == 0 ? 1 : -y[start + k] / yt);
                var (column, value) = rows[start + k][0];
                moved[column] = (program.B[start + k] - target) / value;
            }
            released++;
        }
        return released == 0 ? null : moved;
    }

    /// <summary>
    /// How close to its cone's boundary a multiplier must be to count as pressing, tried in order while the check
    /// fails (the gap between pressing and free blocks is a factor of 25 on spline1d_huber, so no single ratio is
    /// safe for every program). 1e-4 comes last: on Examples/xor_gated.cnn (y_t = 1e-3, the group-lasso weight, so a
    /// dual residual of 4e-9 is already 4e-6 of y_t) SCIP's polished point has 8 pressing apex blocks at 2.3e-5 to
    /// 3.7e-5·y_t and the next free one at 1.5e-2·y_t; released, the rebuilt dual reaches residual 1.4e-10, gap 5.7e-10.
    /// </summary>
    public static readonly double[] PressRatios = { 1e-6, 1e-7, 1e-5, 1e-4 };
}
