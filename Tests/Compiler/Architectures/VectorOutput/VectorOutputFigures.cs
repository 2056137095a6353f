using ConicDsl.Dsl.Semantics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Architectures.VectorOutput;

/// <summary>
/// Prints the figures of docs/architectures.md's Vector outputs table (plain and tightened relaxation, recovered
/// network, cone test, best of 10 Adam starts). Explicit: run with
/// <c>dotnet test Tests -c Release --filter FullyQualifiedName~VectorOutputFigures --logger "console;verbosity=detailed"</c>.
/// Random(4, …) shows the native solver's 'inaccurate' on the tightened program (its assertion fails).
/// </summary>
[Explicit]
public class VectorOutputFigures
{
    [TestCase(1, 8, 2, 2, 0.1)]
    [TestCase(2, 8, 2, 2, 0.1)]
    [TestCase(3, 6, 1, 3, 0.1)]
    [TestCase(4, 10, 2, 2, 0.5)]
    [TestCase(5, 8, 1, 2, 0.05)]
    public void Random(int seed, int n, int d, int c, double beta)
    {
        var rng = new Random(seed);
        var x = Pipeline.RandomPoints(rng, n, d);
        var y = Pipeline.RandomPoints(rng, n, c);
        Run(x, y, beta);
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Planted(int seed)
    {
        var rng = new Random(seed);
        var x = Pipeline.RandomPoints(rng, 8, 2);
        var y = x.Select(r => { double h = Math.Max(0, r[0] + 0.5 * r[1] + 0.2); return new[] { 2 * h, -h }; }).ToArray();
        Run(x, y, 0.05);
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Identity(int seed)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, 4).Select(k => Enumerable.Range(0, 4).Select(j => j == k ? 1.0 : 0.0).ToArray()).ToArray();
        var y = Pipeline.RandomPoints(rng, 4, 3);
        Run(x, y, 0.1, BiasMode.None);
    }

    [TestCase(1)]
    public void OneD(int seed)
    {
        var rng = new Random(seed);
        var x = Pipeline.RandomPoints(rng, 8, 1);
        var y = Pipeline.RandomPoints(rng, 8, 3);
        Run(x, y, 0.1, BiasMode.None);
    }

    private static void Run(double[][] x, double[][] y, double beta, BiasMode bias = BiasMode.Regularized)
    {
        foreach (var tight in new[] { false, true }) Run(x, y, beta, bias, tight);
    }

    private static void Run(double[][] x, double[][] y, double beta, BiasMode bias, bool tight)
    {
        var compiled = VectorOutputModels.Compile(x, y, (m, f) => VectorOutputModels.Model(m, f, y[0].Length, beta: beta, bias: bias, tightened: tight));
        var s = VectorOutputModels.Solve(compiled);
        var nc = VectorOutputTrainer.Objectives(x, y, bias == BiasMode.Regularized, beta, new VectorOutputTrainer.Options(Restarts: 10, Steps: 3000)).Min();
        TestContext.Out.WriteLine($"tight {tight} {s.Result.SolveTime.TotalSeconds:F2}s patterns {compiled.Patterns.Count} LB {s.Result.PrimalObjective:R} UB {s.NonConvexObjective:R} tight {s.Recovery.RelaxationTight} NC {nc:R}");
        foreach (var f in s.Recovery.FactsOrEmpty) TestContext.Out.WriteLine(f.Text);
    }
}
