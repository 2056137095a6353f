using NUnit.Framework;
using ConicDsl.Backends;
using ConicDsl.Conic;
using static ConicDsl.Tests.Backends.Native.NativeTestPrograms;

namespace ConicDsl.Tests.Backends.Native;

/// <summary>Programs produced by the compiler (conicdsl-conic/1 JSON), with references supplied by the lead.</summary>
public class CompiledProgramTests
{
    private static ConicProgram Load(string name)
    {
        // The files live next to this source file; walk up from the test binaries to the repository's Tests folder.
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tests", "Backends", "Native", "Programs", name)))
            dir = dir.Parent;
        Assert.That(dir, Is.Not.Null, $"Programs/{name} not found above {TestContext.CurrentContext.TestDirectory}");
        return ConicProgramJson.Read(File.ReadAllText(Path.Combine(dir!.FullName, "Tests", "Backends", "Native", "Programs", name)));
    }

    private static SolveResult SolveAndLog(ConicProgram p)
    {
        var r = Solve(p);
        TestContext.Out.WriteLine($"{p.Variables} vars, {p.Cones}: {r.Status} in {r.Iterations} iterations, {r.SolveTime.TotalSeconds:f2} s, obj {r.PrimalObjective:r}");
        return r;
    }

    [Test]
    public void TinyGroupLassoHasHandWorkedOptimum()
    {
        // Reference (lead, by hand): two decoupled soft-thresholds give the optimum 1.25 exactly. The program has
        // duplicate orthant rows, SOC(2) blocks whose optimum is at the apex, a zero-cone block and diagonal P.
        var p = Load("tiny_group_lasso.json");
        var r = SolveAndLog(p);
        AssertOptimal(p, r);
        Assert.That(r.PrimalObjective, Is.EqualTo(1.25).Within(1e-7));
        Assert.That(r.Iterations, Is.LessThanOrEqualTo(40));
    }

    [Test]
    public void Spline1dMatchesCvxopt()
    {
        // Reference: CVXOPT's optimum 0.0978881414 (lead).
        var p = Load("spline1d.json");
        var r = SolveAndLog(p);
        AssertOptimal(p, r);
        Assert.That(r.PrimalObjective, Is.EqualTo(0.0978881414).Within(1e-8));
        Assert.That(r.Iterations, Is.LessThanOrEqualTo(40));
    }

    [Test]
    public void XorHingeLossSolves()
    {
        // Reference: none beyond the check; Optimal is reported only when SolutionCheck passes at 1e-8.
        var p = Load("xor.json");
        var r = SolveAndLog(p);
        AssertOptimal(p, r);
        Assert.That(r.Iterations, Is.LessThanOrEqualTo(40));
    }
}
