using ConicDsl.Backends;
using ConicDsl.Conic;

namespace ConicDsl.Tests.Backends;

public class SolutionCheckTests
{
    // min x0 + x1  s.t. x0 + x1 ≥ 1 (nonneg row), ‖x‖ ≤ 2 (SOC). Optimum 1 on the segment; a dual point by hand:
    // y = 1 on the nonneg row (stationarity c + Aᵀy = (1,1) − (1,1) = 0), y = 0 on the SOC; dual objective −bᵀy = 1.
    private static ConicProgram Program()
    {
        var b = new ConicProgramBuilder();
        var x = b.AddVariables("x", 2);
        var row = b.AddRows("sum", ConeKind.NonNegative, 1);
        row.Add(0, 0, 1);
        row.Add(0, 1, 1);
        row.SetConstant(0, -1);
        var soc = b.AddRows("ball", ConeKind.SecondOrder, 3);
        soc.SetConstant(0, 2);
        soc.Add(1, 0, 1);
        soc.Add(2, 1, 1);
        b.AddLinearObjective(0, 1);
        b.AddLinearObjective(1, 1);
        return b.Build();
    }

    [Test]
    public void OptimalPrimalDualPairHasZeroResidualsAndGap()
    {
        var check = SolutionCheck.Compute(Program(), new[] { 0.5, 0.5 }, new[] { 1.0, 0, 0, 0 });
        Assert.That((check.PrimalResidual, check.DualResidual, check.Gap), Is.EqualTo((0.0, 0.0, 0.0)));
        Assert.That((check.PrimalObjective, check.DualObjective), Is.EqualTo((1.0, 1.0)));
        Assert.That(check.Within(1e-12));
    }

    [Test]
    public void InfeasiblePointAndWrongDualAreDetected()
    {
        var infeasible = SolutionCheck.Compute(Program(), new[] { 0.2, 0.2 }, new[] { 1.0, 0, 0, 0 });
        Assert.That(infeasible.PrimalResidual, Is.EqualTo(0.6 / 3).Within(1e-15), "violation 0.6 of x0 + x1 ≥ 1, relative to 1 + ‖b‖∞ = 3");
        var outsideBall = SolutionCheck.Compute(Program(), new[] { 3.0, 0.0 }, new[] { 1.0, 0, 0, 0 });
        Assert.That(outsideBall.PrimalResidual, Is.GreaterThan(0.1));
        var negativeDual = SolutionCheck.Compute(Program(), new[] { 0.5, 0.5 }, new[] { -1.0, 0, 0, 0 });
        Assert.That(negativeDual.DualResidual, Is.EqualTo(1.0 / 2), "y is projected onto K* (0) so c + Aᵀŷ = c, ‖c‖∞ = 1");
        Assert.That(negativeDual.Within(1e-8), Is.False);
    }
}
