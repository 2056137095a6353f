using NUnit.Framework;
using ConicDsl.Backends;
using ConicDsl.Backends.Native;
using ConicDsl.Tests.Support;
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
        Assert.That((estimate.Variables, estimate.Rows, estimate.NonZeros), Is.EqualTo((600L, 640L, 640L)));
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

    /// <summary>A two-layer ReLU program over samples in 2-D with bias and sampled patterns: 500 samples and 20 patterns
    /// give a reduced KKT matrix of order 1 136, 2 000 and 10 one of order 4 080, both above the dense threshold, with
    /// sparse patterns.</summary>
    private static ConicDsl.Conic.ConicProgram SparseReluProgram(int samples = 2000, int patterns = 10)
    {
        var rng = new Random(4);
        var x = Pipeline.RandomPoints(rng, samples, 2);
        using var dir = new TempDir();
        var csv = new System.Text.StringBuilder("x0,x1,y\n");
        foreach (var p in x) csv.AppendLine(FormattableString.Invariant($"{p[0]:R},{p[1]:R},{p[0] * p[1]:R}"));
        dir.Write("d.csv", csv.ToString());
        var path = Path.Combine(dir.Path, "m.cnn");
        var model = Models.TwoLayer(path, "d.csv", "y", patterns: new ConicDsl.Dsl.Semantics.SampledPatterns(patterns, 1, ConicDsl.Dsl.Text.SourceSpan.None(path)));
        return ConicDsl.Compiler.Pipeline.ModelCompiler.Compile(model).Compiled!.Lowered.Program;
    }

    [Test]
    public void AboveTheDenseThresholdTheSolversOwnChoiceAndFillAreCounted()
    {
        var program = SparseReluProgram();
        int order = program.Variables + program.Cones.Zero;
        Assert.That(order, Is.GreaterThanOrEqualTo(KktFactorizationChoice.SmallOrder));
        var plan = KktFillAnalysis.Analyze(program);
        // Independent route: the factorization the solver itself sets up for this program (its verbose description).
        var kkt = new KktSystem(program, new ConeSpace(program.Cones), new InteriorPointSettings { Factorization = KktFactorization.Auto });
        Assert.That(plan.Sparse, Is.True, plan.Reason);
        Assert.That(kkt.FactorizationDescription,
            Does.StartWith($"sparse LDLᵀ of order {order}: {plan.PatternEntries} entries, {plan.FactorNonZeros} in L,"));

        var estimate = new NativeBackend().Estimate(program);
        long dense = 8L * order * order;
        TestContext.Out.WriteLine($"order {order}, pattern {plan.PatternEntries}, L {plan.FactorNonZeros}, estimate {estimate.Bytes}, dense matrix {dense}");
        // Closed forms: the dense path would hold the N² matrix next to the presolve's z·(2n + z) doubles.
        long presolve = 8L * program.Cones.Zero * (2L * program.Variables + program.Cones.Zero);
        Assert.That(estimate.Largest, Does.Not.Contain("dense KKT matrix"));
        Assert.That(estimate.Bytes, Is.LessThan(dense + presolve), "not refused for a dense matrix the solver will not build");
    }

    [Test]
    public void TheSparseEstimateIsOfTheSizeTheSolverAllocates()
    {
        // Independent route: the runtime's count of bytes a solve allocates up to its first iterate (garbage included).
        var program = SparseReluProgram(500, 20);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var r = Solve(program, maxIters: 0);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var estimate = new NativeBackend().Estimate(program).Bytes;
        TestContext.Out.WriteLine($"estimate {estimate}, allocated {allocated}");
        Assert.That(r.Status, Is.EqualTo(SolveStatus.IterationLimit), r.Message);
        Assert.That(estimate, Is.InRange(allocated / 3, allocated * 3));
    }

    [Test]
    public void FromTheShapeAloneTheSparsePathIsTakenWhenThePatternBoundIsSparse()
    {
        var program = SparseReluProgram();
        var shape = ConicDsl.Conic.ProgramShape.Of(program);
        var estimate = new NativeBackend().Estimate(shape);
        long presolve = 8L * shape.ZeroRows * (2L * shape.Variables + shape.ZeroRows);
        Assert.That(estimate.Largest, Does.Not.Contain("dense KKT matrix"));
        Assert.That(estimate.Bytes, Is.LessThan(8L * shape.KktOrder * shape.KktOrder + presolve));
        Assert.That(shape.KktEntries, Is.GreaterThanOrEqualTo(KktFillAnalysis.Pattern(program).Count), "an upper bound on the pattern");
    }
    private static SolverSettings Kkt(string mode) => new() { Words = new Dictionary<string, string> { ["kkt"] = mode } };

    [Test]
    public void KktDenseIsHonouredWhereTheRuleWouldPickSparse()
    {
        var program = SparseReluProgram();
        int order = program.Variables + program.Cones.Zero;
        // Independent route: the factorization the solver sets up when told dense (its verbose description).
        var kkt = new KktSystem(program, new ConeSpace(program.Cones), InteriorPointSettings.From(Kkt("dense")));
        Assert.That(kkt.FactorizationDescription, Does.StartWith($"dense LDLᵀ of order {order};"));
        var backend = new NativeBackend();
        foreach (var estimate in new[] { backend.Estimate(program, Kkt("dense")), backend.Estimate(ConicDsl.Conic.ProgramShape.Of(program), Kkt("dense")) })
        {
            Assert.That(estimate.Bytes, Is.GreaterThanOrEqualTo(8L * order * order), "closed form: the N² matrix");
            Assert.That(estimate.Largest, Does.Contain($"the dense KKT matrix of order {order:N0}").And.Contain("kkt dense asked for"));
        }
        Assert.That(backend.Estimate(program, Kkt("auto")).Largest, Does.Not.Contain("dense KKT matrix"), "auto keeps the rule");
    }

    [Test]
    public void KktSparseIsHonouredWhereTheRuleWouldPickDense()
    {
        // Order 640, below the dense threshold: the rule picks dense, 'kkt sparse' a sparse LDLᵀ of a diagonal-plus-A_z pattern.
        var program = Orthant(600, 40);
        var plan = KktFillAnalysis.Analyze(program, KktFactorization.Sparse);
        var kkt = new KktSystem(program, new ConeSpace(program.Cones), InteriorPointSettings.From(Kkt("sparse")));
        Assert.That(plan.Sparse, Is.True);
        Assert.That(kkt.FactorizationDescription,
            Does.StartWith($"sparse LDLᵀ of order 640: {plan.PatternEntries} entries, {plan.FactorNonZeros} in L,"));
        var backend = new NativeBackend();
        var estimate = backend.Estimate(program, Kkt("sparse"));
        Assert.That(estimate.Largest, Does.Not.Contain("dense KKT matrix"));
        Assert.That(estimate.Bytes, Is.LessThan(8L * 640 * 640), "no dense matrix counted");
        Assert.That(backend.Estimate(ConicDsl.Conic.ProgramShape.Of(program), Kkt("sparse")).Bytes, Is.LessThan(8L * 640 * 640),
            "from the shape too");
        Assert.That(backend.Estimate(program).Bytes, Is.GreaterThanOrEqualTo(8L * 640 * 640), "the rule's dense matrix without the option");
    }
}
