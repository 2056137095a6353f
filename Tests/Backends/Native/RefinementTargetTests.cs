using NUnit.Framework;
using ConicDsl.Backends.Native;
using ConicDsl.Conic;

namespace ConicDsl.Tests.Backends.Native;

/// <summary>
/// The refinement target of <see cref="KktSystem"/> loosens with μ (InteriorPointSettings.RefinementMuFraction).
/// The residual of each returned (dx, dy) is recomputed here by plain loops over A's entries — the operator
/// [P Aᵀ; A −H] with H = I on the cone rows, which is what a factorization without scaling solves — so the check
/// does not rest on the residual the KKT system reports about itself.
/// </summary>
public class RefinementTargetTests
{
    [TestCase(KktFactorization.Dense)]
    [TestCase(KktFactorization.Sparse)]
    public void ALargeMuSkipsRefinementAndStillMeetsItsLooserTarget(KktFactorization mode)
    {
        var program = RandomPrograms.Generate(n: 30, nonnegRows: 60, socCount: 4, socDim: 4, equalities: 3, quadVars: 5, seed: 17);
        var settings = new InteriorPointSettings { Factorization = mode };
        var (rx, rz) = RightHandSide(program, new Random(3));
        double bnorm = Math.Max(rx.Max(Math.Abs), rz.Max(Math.Abs));

        var strict = Solve(program, settings, mu: 0, rx, rz, out int strictSolves);
        var loose = Solve(program, settings, mu: 1, rx, rz, out int looseSolves);

        Assert.That(Residual(program, rx, rz, strict.Dx, strict.Dy), Is.LessThan(1e-10 * (1 + bnorm)), "strict target");
        // One reduced solve with static regularization 1e-8 is accurate to far better than 1e-6·μ·‖b‖ at μ = 1.
        Assert.That(looseSolves, Is.EqualTo(1), "no refinement step at μ = 1");
        Assert.That(strictSolves, Is.GreaterThanOrEqualTo(looseSolves));
        Assert.That(Residual(program, rx, rz, loose.Dx, loose.Dy), Is.LessThan(settings.RefinementMuFraction * 1 * bnorm + 1e-12));
    }

    private static (double[] Dx, double[] Dy) Solve(ConicProgram program, InteriorPointSettings settings, double mu,
        double[] rx, double[] rz, out int solves)
    {
        var kkt = new KktSystem(program, new ConeSpace(program.Cones), settings);
        Assert.That(kkt.Factor(null, mu), Is.True);
        int before = kkt.Times.Solves;
        var dx = new double[program.Variables];
        var dy = new double[program.Constraints];
        Assert.That(double.IsFinite(kkt.Solve(rx, rz, dx, dy)), Is.True);
        solves = kkt.Times.Solves - before;
        return (dx, dy);
    }

    private static (double[], double[]) RightHandSide(ConicProgram program, Random rng) =>
        (Enumerable.Range(0, program.Variables).Select(_ => rng.NextDouble() * 2 - 1).ToArray(),
         Enumerable.Range(0, program.Constraints).Select(_ => rng.NextDouble() * 2 - 1).ToArray());

    /// <summary>‖(rx − P·dx − Aᵀdy, rz − A·dx + H·dy)‖∞ with H = I on the cone rows and 0 on the zero rows.</summary>
    private static double Residual(ConicProgram program, double[] rx, double[] rz, double[] dx, double[] dy)
    {
        var ex = (double[])rx.Clone();
        var ez = (double[])rz.Clone();
        for (int c = 0; c < program.Variables; c++)
            for (int k = program.A.ColumnPointers[c]; k < program.A.ColumnPointers[c + 1]; k++)
            {
                int r = program.A.RowIndices[k];
                double v = program.A.Values[k];
                ex[c] -= v * dy[r];
                ez[r] -= v * dx[c];
            }
        if (program.P is { } p)
            for (int c = 0; c < p.Columns; c++)
                for (int k = p.ColumnPointers[c]; k < p.ColumnPointers[c + 1]; k++)
                {
                    int r = p.RowIndices[k];
                    ex[r] -= p.Values[k] * dx[c];
                    if (r != c) ex[c] -= p.Values[k] * dx[r];
                }
        for (int i = program.Cones.Zero; i < program.Constraints; i++) ez[i] += dy[i];
        return Math.Max(ex.Max(Math.Abs), ez.Max(Math.Abs));
    }
}
