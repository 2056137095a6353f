using ConicDsl.Compiler.Architectures.Circular;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Architectures.Circular;

/// <summary>
/// math.md §5.4: the linear two-layer circular CNN (filters and dense weights both decayed) is the Fourier group
/// lasso, and one channel attains it. References: math.md's [num] (verify/t13_lincirc.py), CVXOPT, and the
/// non-convex network with several channels trained by gradient descent from 20 starts (<see cref="CircularCnnTrainer"/>).
/// </summary>
public class LinearCircularTests
{
    private static void AssertGlobal(double[][] x, double[] y, double beta, CircularCnnTrainer.Shape shape, Pipeline.Solved solved)
    {
        double convex = solved.Result.PrimalObjective;
        Assert.That(solved.Compiled.Lowered.Claim, Is.EqualTo(ProgramClaim.Exact));
        Assert.That(solved.Compiled.Patterns.Count, Is.EqualTo(1), "no ReLU: one region, the whole space");
        Assert.That(solved.NonConvexObjective, Is.EqualTo(convex).Within(1e-6 * convex), "recovered network, run forward");
        Assert.That(solved.Recovery.Network.Units, Is.EqualTo(1), "one channel attains the optimum (Minimizer B)");
        CircularModels.AssertCvxoptAgrees(solved);
        double best = CircularCnnTrainer.BestObjective(x, y, beta, shape, new CircularCnnTrainer.Options(Width: 4, Steps: 4000));
        TestContext.Out.WriteLine($"convex {convex:G12}, recovered {solved.NonConvexObjective:G12}, best of 20 gradient restarts with 4 channels {best:G12}");
        Assert.That(best, Is.GreaterThanOrEqualTo(convex - 1e-7 * convex), "no trained network beats the global optimum");
        Assert.That((best - convex) / convex, Is.LessThanOrEqualTo(1e-3), "training reaches it");
    }

    [Test]
    public void ReproducesTheVerifyScriptOptimum()
    {
        double[][] x = VerifyScriptData.T13X;
        double[] y = VerifyScriptData.T13Y;
        var solved = Pipeline.Solve(x, y, CircularModels.Linear(1, 6, 1, 0.3));
        // math.md §5.4 [num]: 2.379557100 (verify/t13_lincirc.py: 2.379557100387039, its own program, CVXOPT at 1e-10).
        Assert.That(solved.Result.PrimalObjective, Is.EqualTo(2.379557100387039).Within(1e-6 * 2.38));
        AssertGlobal(x, y, 0.3, new CircularCnnTrainer.Shape(1, 6, 1, 1, false), solved);
    }

    [Test]
    public void MultiChannelImageIsExact()
    {
        var (x, y) = CircularModels.Data(41, 9, 8, r => r[0] - 2 * r[5] + r[3] * 0.5);
        var solved = Pipeline.Solve(x, y, CircularModels.Linear(2, 2, 2, 0.2));
        var fact = CircularModels.Fact(solved.Recovery, ActiveFrequencies.Key);
        TestContext.Out.WriteLine(fact.Text);
        AssertGlobal(x, y, 0.2, new CircularCnnTrainer.Shape(2, 2, 2, 1, false), solved);
    }
}
