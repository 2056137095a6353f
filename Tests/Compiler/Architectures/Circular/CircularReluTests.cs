using System.Collections.Immutable;
using ConicDsl.Compiler.Architectures.Circular;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Architectures.Circular;

/// <summary>
/// math.md §5.5: circular CNN with one unit-norm circular layer and one ReLU, exact over the fully connected
/// arrangement. References: math.md's [num] value (verify/t3_circ.py, CVXOPT on the same data), CVXOPT through our
/// own bridge, and the non-convex network trained by projected gradient from 20 random starts
/// (<see cref="CircularCnnTrainer"/>, which shares no code with the compiler).
/// </summary>
public class CircularReluTests
{
    private static void AssertGlobal(double[][] x, double[] y, double beta, CircularCnnTrainer.Shape shape, Pipeline.Solved solved)
    {
        double convex = solved.Result.PrimalObjective;
        Assert.That(solved.Compiled.Lowered.Claim, Is.EqualTo(ProgramClaim.Exact));
        Assert.That(solved.Compiled.Patterns.Source, Is.EqualTo("exact"));
        Assert.That(solved.NonConvexObjective, Is.EqualTo(convex).Within(1e-6 * convex), "recovered network, run forward");
        double best = CircularCnnTrainer.BestObjective(x, y, beta, shape, new CircularCnnTrainer.Options(Width: 12, Steps: 4000));
        TestContext.Out.WriteLine($"patterns {solved.Compiled.Patterns.Count}, convex {convex:G12}, recovered {solved.NonConvexObjective:G12} ({solved.Recovery.Network.Units} units), best of 20 projected-gradient restarts {best:G12}");
        Assert.That(best, Is.GreaterThanOrEqualTo(convex - 1e-7 * convex), "no trained network beats the global optimum");
        Assert.That((best - convex) / convex, Is.LessThanOrEqualTo(1e-3), "a generous width gets within 1e-3 of it");
    }

    [Test]
    public void ReproducesTheVerifyScriptOptimumAndIsNeverBeaten()
    {
        // n = 8, d = 4, all 127 regions: CVXOPT is the solver here (our dense IPM takes tens of seconds on a busy
        // machine at this size); the native backend is exercised on the smaller cases below.
        double[][] x = VerifyScriptData.T3X;
        double[] y = VerifyScriptData.T3Y;
        var solved = CircularModels.Solve(x, y, CircularModels.Relu(1, 4, 1, 0.05, patterns: CircularModels.Exact), new ConicDsl.Backends.Cvxopt.CvxoptBackend());
        // math.md §5.5 [num]: 0.138718760 (verify/t3_circ.py: 0.13871875954301743, its own program and CVXOPT at 1e-10).
        Assert.That(solved.Result.PrimalObjective, Is.EqualTo(0.13871875954301743).Within(1e-6 * 0.1387));
        Assert.That(solved.Recovery.Network.Units, Is.LessThanOrEqualTo(8), "pruned to at most n units (math.md §10.3)");
        AssertGlobal(x, y, 0.05, new CircularCnnTrainer.Shape(1, 4, 1, 1, true), solved);
    }

    [Test]
    public void MultiChannelSignalIsExact()
    {
        // C = 2 channels of length 3 (math.md §5.5 item 3: one group per frequency across channels).
        var (x, y) = CircularModels.Data(31, 5, 6, r => Math.Max(0, r[0] - r[4]) - 0.5 * Math.Max(0, r[2] + r[3]));
        var solved = Pipeline.Solve(x, y, CircularModels.Relu(1, 3, 2, 0.05, patterns: CircularModels.Exact));
        CircularModels.AssertCvxoptAgrees(solved);
        AssertGlobal(x, y, 0.05, new CircularCnnTrainer.Shape(1, 3, 2, 1, true), solved);
    }

    [Test]
    public void ImageIsExact()
    {
        // 2 × 3 image: self-conjugate (0,0) and (1,0), pairs ±(0,1) and ±(1,1); F = F₂ ⊗ F₃ (math.md §5.5 item 3,
        // 2-D, which math.md leaves unchecked).
        var (x, y) = CircularModels.Data(32, 5, 6, r => Math.Max(0, r[0] + r[1] - r[5]) - 0.3 * r[3]);
        var solved = Pipeline.Solve(x, y, CircularModels.Relu(2, 3, 1, 0.05, patterns: CircularModels.Exact));
        CircularModels.AssertCvxoptAgrees(solved);
        AssertGlobal(x, y, 0.05, new CircularCnnTrainer.Shape(2, 3, 1, 1, true), solved);
    }

    [Test]
    public void ActiveFrequenciesAreReported()
    {
        var (x, y) = CircularModels.Data(33, 5, 4, r => Math.Abs(r[0] - r[2]));
        var solved = Pipeline.Solve(x, y, CircularModels.Relu(1, 4, 1, 0.05, patterns: CircularModels.Exact));
        var fact = CircularModels.Fact(solved.Recovery, ActiveFrequencies.Key);
        TestContext.Out.WriteLine($"{fact.Text}\n{fact.Json}");
        var shares = fact.Json!.AsArray().Select(e => (double)e!["share"]!).ToList();
        Assert.That(shares.Sum(), Is.EqualTo(1).Within(1e-5), "the active classes carry the penalty");
        Assert.That(fact.Json.AsArray().Select(e => (int)e!["frequency"]!), Is.Ordered.And.Unique);
    }

    private static IReadOnlyList<Diagnostic> Refusals(Func<string, string, Model> model)
    {
        var (x, y) = CircularModels.Data(1, 4, 4, r => r[0]);
        var (compiled, diagnostics) = CircularModels.Compile(x, y, model);
        Assert.That(compiled, Is.Null);
        return diagnostics;
    }

    private static Func<string, string, Model> With(InputSpec input, bool relu, params ConvLayerSpec[] convs) => (path, file) =>
        Models.WithNetwork(path, file, "y", Models.Network(input, new CircularCnnArchitecture(convs.ToImmutableArray(), relu)),
            LossKind.Squared, 0.1, CircularModels.Exact);

    [Test]
    public void VariantsWithoutAProofAreRefused()
    {
        var input = CircularModels.Input(1, 4, 1);
        var full = CircularModels.Conv(1, 4, 4);
        Assert.That(Refusals(With(input, true, full with { Size = ImmutableArray.Create(3) })).Single().Message, Does.Contain("full length"));
        Assert.That(Refusals(With(input, true, full with { UnitNorm = false })).Single().Message, Does.Contain("unit_norm"));
        Assert.That(Refusals(With(input, true, full, full)).Single().Message, Does.Contain("lower bound"), "deeper needs 'relaxation'");
        Assert.That(Refusals(With(input with { Bias = BiasMode.Regularized }, true, full)).Single().Message, Does.Contain("bias"));
        Assert.That(Refusals(With(input, false, full)).Single().Message, Does.Contain("unit_norm"), "a linear network decays its filters");
        Assert.That(Refusals(With(input, true, full, full with { Filters = 2 })).Select(d => d.Message), Has.Some.Contains("as many filters"));
    }
}
