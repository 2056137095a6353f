using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.FirstOrder;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.FirstOrder;

/// <summary>
/// Figures for docs/solver.md, not part of the suite (Explicit): the augmented Lagrangian's iterations, time and
/// relative objective error against the native IPM on the standard form (an independent route) at the default and
/// at a tight tolerance. Run <c>dotnet test Tests -c Release --filter "FullyQualifiedName~AugmentedLagrangianAccuracy"
/// --logger "console;verbosity=detailed"</c>; TOLS=1e-6 (comma list) picks the tolerances.
/// </summary>
[Explicit("benchmark: prints iterations, time and the objective error against the IPM")]
public class AugmentedLagrangianAccuracy
{
    private static readonly double[] Tolerances =
        (Environment.GetEnvironmentVariable("TOLS") ?? "1e-6,1e-8").Split(",").Select(double.Parse).ToArray();

    [TestCase(12, 30, 2, 40, BiasMode.None)]
    [TestCase(12, 30, 2, 40, BiasMode.Regularized)]
    [TestCase(12, 30, 2, 40, BiasMode.Unregularized)]
    [TestCase(21, 100, 4, 60, BiasMode.Regularized)]
    [TestCase(22, 200, 5, 80, BiasMode.None)]
    public void AgainstTheInteriorPoint(int seed, int n, int d, int p, BiasMode bias)
    {
        var rng = new Random(seed);
        var x = Pipeline.RandomPoints(rng, n, d);
        var y = x.Select(r => Math.Sin(2 * r[0]) + 0.5 * r[d - 1] * r[0] + 0.1 * (2 * rng.NextDouble() - 1)).ToArray();
        var patterns = new SampledPatterns(p, 3, ConicDsl.Dsl.Text.SourceSpan.None("m.cnn"));
        var ipm = Pipeline.Solve(x, y, (m, f) => Models.TwoLayer(m, f, "y", beta: 0.05, bias: bias, patterns: patterns));
        var compiled = ipm.Compiled;
        var architecture = (IStructuredArchitecture)ArchitectureRegistry.Find(compiled.Model.Network.Architecture)!;
        var (lowering, _) = architecture.LowerStructured(compiled.Model, compiled.Data, compiled.Patterns);
        foreach (var tol in Tolerances)
        {
            var s = GroupLassoSolver.Solve(lowering!.Problem, new FirstOrderSettings(Tolerance: tol, ConstraintTolerance: tol, MaxIterations: 200000, MaxOuterIterations: 100));
            var rec = lowering.Recovery.Recover(lowering.SolutionVector(s));
            double recovered = lowering.Recovery.Objective(rec.Network);
            TestContext.Out.WriteLine($"n={n} d={d} P={p} {bias} tol {tol}: conv {s.Converged} it {s.Iterations} outer {s.OuterIterations} t {s.Elapsed.TotalSeconds:F2}s prog rel {(s.Objective - ipm.NonConvexObjective) / ipm.NonConvexObjective:G3} recovered rel {(recovered - ipm.NonConvexObjective) / ipm.NonConvexObjective:G3} ipm status {ipm.Result.Status}");
        }
    }
}
