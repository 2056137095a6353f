using NUnit.Framework;
using System.Diagnostics;
using static ConicDsl.Tests.Backends.Native.NativeTestPrograms;

namespace ConicDsl.Tests.Backends.Native;

public class SizeTests
{
    [Test]
    public void MidSizedProgramSolvesToOptimal()
    {
        // Reference: none beyond feasibility by construction; Optimal is only reported when SolutionCheck passes.
        var prog = RandomPrograms.Generate(n: 300, nonnegRows: 2600, socCount: 100, socDim: 4, equalities: 20, quadVars: 20, seed: 1);
        var r = Solve(prog);
        AssertOptimal(prog, r);
    }

    /// <summary>Timing benchmark of the target shapes; run explicitly, prints to the test log.</summary>
    [Explicit, TestCase(600, 6000, 200, 30, 30), TestCase(1500, 15000, 400, 60, 30)]
    public void Benchmark(int n, int rows, int socs, int eq, int quad)
    {
        var prog = RandomPrograms.Generate(n, rows, socs, 4, eq, quad, seed: 2);
        var sw = Stopwatch.StartNew();
        var r = Solve(prog);
        sw.Stop();
        TestContext.Out.WriteLine($"n={n} m={prog.Constraints} ({prog.Cones}): {r.Status} in {r.Iterations} iterations, {sw.Elapsed.TotalSeconds:f2} s; pres {r.PrimalResidual:e2} dres {r.DualResidual:e2} gap {r.Gap:e2}");
        AssertOptimal(prog, r);
    }
}
