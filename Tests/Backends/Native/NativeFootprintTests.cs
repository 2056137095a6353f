using NUnit.Framework;
using ConicDsl.Backends;
using ConicDsl.Backends.Native;
using static ConicDsl.Tests.Backends.Native.NativeTestPrograms;

namespace ConicDsl.Tests.Backends.Native;

/// <summary>The native solver's memory estimate (docs/cli.md, "Size guard") against the allocation it models.</summary>
public class NativeFootprintTests
{
    /// <summary>min Σx s.t. x ≥ 0 in n variables, with z equality rows x_i = 1 on the first z: a KKT matrix of order n + z.</summary>
    private static ConicDsl.Conic.ConicProgram Orthant(int n, int z)
    {
        var a = new List<(int, int, double)>();
        var b = new double[z + n];
        for (int i = 0; i < z; i++)
        {
            a.Add((i, i, 1));
            b[i] = 1;
        }
        for (int i = 0; i < n; i++) a.Add((z + i, i, -1));
        return Make(n, a, b, Enumerable.Repeat(1.0, n).ToArray(), z, n);
    }

    [Test]
    public void TheDenseKktMatrixDominatesAndIsCountedExactly()
    {
        var program = Orthant(600, 40);
        var estimate = new NativeBackend().Estimate(program);
        long dense = 8L * 640 * 640; // closed form: (n + z)² doubles
        Assert.That(estimate.Bytes, Is.GreaterThanOrEqualTo(dense));
        Assert.That(estimate.Bytes, Is.LessThan(2 * dense), "the other terms are linear in the program's size");
        Assert.That(estimate.Largest, Does.Contain("dense KKT matrix of order 640"));
        Assert.That((estimate.Variables, estimate.Rows, estimate.NonZeros), Is.EqualTo((600, 640, 640L)));
    }

    [Test]
    public void TheSolverReallyAllocatesTheDenseMatrix()
    {
        // Independent route: the runtime's own count of bytes allocated by a solve that stops at its first iterate.
        // The dense path is named: the estimate is of it, and CONICDSL_NATIVE_KKT=sparse must not change the subject.
        var program = Orthant(600, 40);
        var settings = new SolverSettings
        {
            Options = new Dictionary<string, double> { ["max_iters"] = 0 },
            Words = new Dictionary<string, string> { ["kkt"] = "dense" },
        };
        long before = GC.GetAllocatedBytesForCurrentThread();
        var r = new NativeBackend().Solve(program, settings);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(r.Status, Is.EqualTo(SolveStatus.IterationLimit), r.Message);
        Assert.That(allocated, Is.GreaterThanOrEqualTo(8L * 640 * 640));
        Assert.That(new NativeBackend().Estimate(program).Bytes, Is.GreaterThanOrEqualTo(allocated / 2),
            "the estimate is of the same size as what one factorization allocates");
    }

    [Test]
    public void ProgramsWithoutEqualitiesOrVariablesAreSmall()
    {
        var estimate = new NativeBackend().Estimate(Orthant(3, 0));
        Assert.That(estimate.Bytes, Is.LessThan(64 * 1024));
    }
}
