using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.FirstOrder;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Tests.Support;

/// <summary>
/// What the first-order tests compare against: the native interior-point solver's optimum of the standard-form program
/// of the same model (another algorithm on another program), together with that model's structured problem for the
/// first-order solvers; and the seeded data and tight settings those tests share.
/// </summary>
public static class FirstOrderReference
{
    public static readonly FirstOrderSettings Tight = new(Tolerance: 1e-8, ConstraintTolerance: 1e-9, MaxIterations: 200000, MaxOuterIterations: 100);

    /// <summary>Seeded points with a smooth non-linear target plus uniform noise.</summary>
    public static (double[][] X, double[] Y) SeededData(int seed, int n, int d)
    {
        var rng = new Random(seed);
        var x = Pipeline.RandomPoints(rng, n, d);
        var y = x.Select(r => Math.Sin(2 * r[0]) + 0.5 * r[d - 1] * r[0] + 0.1 * (2 * rng.NextDouble() - 1)).ToArray();
        return (x, y);
    }

    /// <summary>The IPM's solve of the model, and the structured lowering of the same compiled model.</summary>
    public static (Pipeline.Solved Ipm, StructuredLowering Lowering) Both(Func<string, string, Model> model, double[][] x, double[] y)
    {
        var ipm = Pipeline.Solve(x, y, model);
        var compiled = ipm.Compiled;
        var architecture = (IStructuredArchitecture)ArchitectureRegistry.Find(compiled.Model.Network.Architecture)!;
        var (lowering, refusal) = architecture.LowerStructured(compiled.Model, compiled.Data, compiled.Patterns);
        Assert.That(lowering, Is.Not.Null, refusal);
        return (ipm, lowering!);
    }
}
