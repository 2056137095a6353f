using NUnit.Framework;
using ConicDsl.Backends;
using ConicDsl.Backends.Native;
using MathNet.Numerics.LinearAlgebra;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Backends.Native;

/// <summary>
/// The sparse LDLᵀ of the reduced KKT matrix (<see cref="SparseLdl"/>), its minimum-degree ordering and the choice
/// between it and the dense factorization. Reference solutions come from MathNet's dense LU (an independent route).
/// </summary>
public class SparseLdlTests
{
    /// <summary>A random quasi-definite matrix [[E, Fᵀ], [F, −G]] with E, G diagonally dominant positive definite, about
    /// <paramref name="perRow"/> off-diagonal entries per row, as a lower pattern with values.</summary>
    internal static (List<(int I, int J)> Pattern, Dictionary<(int, int), double> Values) RandomQuasiDefinite(
        int positive, int negative, int perRow, int seed)
    {
        var rng = new Random(seed);
        int n = positive + negative;
        var values = new Dictionary<(int, int), double>();
        var rowSum = new double[n];
        for (int i = 0; i < n; i++)
            for (int e = 0; e < perRow; e++)
            {
                int j = rng.Next(n);
                if (j == i) continue;
                var key = (Math.Max(i, j), Math.Min(i, j));
                if (values.ContainsKey(key)) continue;
                double v = rng.NextDouble() * 2 - 1;
                values[key] = v;
                // Off-diagonal couplings inside a block count towards its dominance; across blocks they need not.
                if ((i < positive) == (j < positive))
                {
                    rowSum[i] += Math.Abs(v);
                    rowSum[j] += Math.Abs(v);
                }
            }
        for (int i = 0; i < n; i++)
        {
            double d = rowSum[i] + 0.1 + rng.NextDouble();
            values[(i, i)] = i < positive ? d : -d;
        }
        return (values.Keys.ToList(), values);
    }

    private static SparseLdl Factor((List<(int I, int J)> Pattern, Dictionary<(int, int), double> Values) m, int n, int positive, int[]? order)
    {
        order ??= MinimumDegreeOrdering.Order(n, m.Pattern) ?? throw new AssertionException("ordering gave up");
        var ldl = new SparseLdl(n, m.Pattern, order);
        foreach (var ((i, j), v) in m.Values) ldl.Add(i, j, v);
        Assert.That(ldl.Factor(positive, 1e-13, 1e-7), Is.True);
        Assert.That(ldl.DynamicRegularizations, Is.Zero, "a quasi-definite matrix needs no regularized pivot");
        return ldl;
    }

    [TestCase(40, 10, 3, 1)]
    [TestCase(150, 60, 4, 2)]
    [TestCase(300, 0, 5, 3)]
    [TestCase(0, 80, 3, 4)]
    [TestCase(200, 120, 8, 5)]
    public void SolvesRandomQuasiDefiniteSystemsLikeADenseLu(int positive, int negative, int perRow, int seed)
    {
        int n = positive + negative;
        var m = RandomQuasiDefinite(positive, negative, perRow, seed);
        var ldl = Factor(m, n, positive, null);

        var dense = Matrix<double>.Build.Dense(n, n);
        foreach (var ((i, j), v) in m.Values)
        {
            dense[i, j] = v;
            dense[j, i] = v;
        }
        var rng = new Random(seed + 100);
        var b = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var expected = dense.LU().Solve(Vector<double>.Build.DenseOfArray(b));
        var x = (double[])b.Clone();
        ldl.Solve(x);
        for (int i = 0; i < n; i++) Assert.That(x[i], Is.EqualTo(expected[i]).Within(1e-9 * (1 + Math.Abs(expected[i]))), $"x[{i}]");
    }

    [Test]
    public void AnyOrderGivesTheSameSolution()
    {
        var m = RandomQuasiDefinite(60, 30, 4, 7);
        var natural = Factor(m, 90, 60, Enumerable.Range(0, 90).ToArray());
        var reversed = Factor(m, 90, 60, Enumerable.Range(0, 90).Reverse().ToArray());
        var b = Enumerable.Range(0, 90).Select(i => Math.Sin(i)).ToArray();
        var x1 = (double[])b.Clone();
        var x2 = (double[])b.Clone();
        natural.Solve(x1);
        reversed.Solve(x2);
        for (int i = 0; i < 90; i++) Assert.That(x2[i], Is.EqualTo(x1[i]).Within(1e-10 * (1 + Math.Abs(x1[i]))));
    }

    [Test]
    public void WrongSignPivotsAreRegularizedLikeTheDenseFactorization()
    {
        // [[0, 1], [1, 0]] declared with one positive pivot: the first pivot 0 is replaced by +delta in both kernels.
        var pattern = new List<(int, int)> { (0, 0), (1, 0), (1, 1) };
        var sparse = new SparseLdl(2, pattern, new[] { 0, 1 });
        var dense = new DenseLdl(2);
        foreach (IKktFactorization f in new IKktFactorization[] { sparse, dense })
        {
            f.Add(1, 0, 1);
            Assert.That(f.Factor(1, 1e-13, 1e-7), Is.True);
            Assert.That(f.DynamicRegularizations, Is.EqualTo(1));
        }
        var xs = new[] { 1.0, 2.0 };
        var xd = new[] { 1.0, 2.0 };
        sparse.Solve(xs);
        dense.Solve(xd);
        Assert.That(xs, Is.EqualTo(xd).Within(1e-9));
    }

    [Test]
    public void AnEntryOutsideThePatternIsRefused()
    {
        var ldl = new SparseLdl(3, new List<(int, int)> { (0, 0), (1, 1), (2, 2) }, new[] { 0, 1, 2 });
        Assert.Throws<InvalidOperationException>(() => ldl.Add(2, 0, 1));
    }

    /// <summary>Fill measured on two classic shapes: an arrow (one row coupled to all) fills completely when the hub is
    /// eliminated first and not at all when it is last; a k×k grid Laplacian fills its band (≈ k per column) in the
    /// natural order, and minimum degree does better.</summary>
    [Test]
    public void MinimumDegreeReducesFill()
    {
        int n = 200;
        var arrow = new List<(int, int)>();
        for (int i = 0; i < n; i++) arrow.Add((i, i));
        for (int i = 1; i < n; i++) arrow.Add((i, 0));
        long arrowNatural = new SparseLdl(n, arrow, Enumerable.Range(0, n).ToArray()).FactorNonZeros;
        long arrowOrdered = new SparseLdl(n, arrow, MinimumDegreeOrdering.Order(n, arrow)!).FactorNonZeros;
        Assert.That(arrowNatural, Is.EqualTo((long)n * (n - 1) / 2));
        Assert.That(arrowOrdered, Is.EqualTo(n - 1));

        int k = 30;
        var grid = new List<(int, int)>();
        for (int r = 0; r < k; r++)
            for (int c = 0; c < k; c++)
            {
                int v = r * k + c;
                grid.Add((v, v));
                if (c > 0) grid.Add((v, v - 1));
                if (r > 0) grid.Add((v, v - k));
            }
        long gridNatural = new SparseLdl(k * k, grid, Enumerable.Range(0, k * k).ToArray()).FactorNonZeros;
        long gridOrdered = new SparseLdl(k * k, grid, MinimumDegreeOrdering.Order(k * k, grid)!).FactorNonZeros;
        TestContext.Out.WriteLine($"arrow {n}: L entries natural {arrowNatural}, minimum degree {arrowOrdered}; " +
                                  $"grid {k}×{k}: natural {gridNatural}, minimum degree {gridOrdered}");
        Assert.That(gridOrdered, Is.LessThan(gridNatural * 3 / 4));
    }

    [Test]
    public void OrderingIsAPermutationAndGivesUpPastItsBudget()
    {
        var m = RandomQuasiDefinite(100, 50, 6, 11);
        var order = MinimumDegreeOrdering.Order(150, m.Pattern)!;
        Assert.That(order.OrderBy(v => v), Is.EqualTo(Enumerable.Range(0, 150)));
        Assert.That(MinimumDegreeOrdering.Order(150, m.Pattern, workBudget: 10), Is.Null);
    }

    /// <summary>The sparse path must reproduce the dense one: same iterations, same solution (the reference here is the
    /// dense factorization, the established path), on programs with every cone the solver has.</summary>
    [TestCase(1)]
    [TestCase(2)]
    public void SparseAndDensePathsTakeTheSameIterations(int seed)
    {
        var program = RandomPrograms.Generate(n: 60, nonnegRows: 400, socCount: 20, socDim: 4, equalities: 8, quadVars: 10, seed: seed);
        var dense = InteriorPointSolver.Solve(program, new InteriorPointSettings { Factorization = KktFactorization.Dense });
        var sparse = InteriorPointSolver.Solve(program, new InteriorPointSettings { Factorization = KktFactorization.Sparse });
        Assert.That(dense.Status, Is.EqualTo(SolveStatus.Optimal), dense.Message);
        Assert.That(sparse.Status, Is.EqualTo(SolveStatus.Optimal), sparse.Message);
        Assert.That(sparse.Iterations, Is.EqualTo(dense.Iterations));
        for (int i = 0; i < program.Variables; i++) Assert.That(sparse.X[i], Is.EqualTo(dense.X[i]).Within(1e-6 * (1 + Math.Abs(dense.X[i]))));
        NativeTestPrograms.AssertOptimal(program, sparse);
    }

    /// <summary>A compiled two-layer ReLU program — the shape the sparse path is for: many orthant rows per pattern (summed
    /// per column set before assembly), small SOC blocks, output rows with their own column — solved on both paths;
    /// the reference is the dense path, the established one.</summary>
    [Test]
    public void CompiledReluProgramIsSolvedAlikeOnBothPaths()
    {
        var rng = new Random(4);
        var x = Pipeline.RandomPoints(rng, 60, 3);
        var y = x.Select(p => Math.Max(0, p[0] - p[1]) + 0.1 * p[2]).ToArray();
        var patterns = new SampledPatterns(12, 3, ConicDsl.Dsl.Text.SourceSpan.None("m.cnn"));
        SolverSettings Kkt(string path) => new() { Words = new Dictionary<string, string> { ["kkt"] = path } };
        var dense = Pipeline.Solve(x, y, (m, d) => Models.TwoLayer(m, d, "y", patterns: patterns), settings: Kkt("dense"));
        var sparse = Pipeline.Solve(x, y, (m, d) => Models.TwoLayer(m, d, "y", patterns: patterns), settings: Kkt("sparse"));
        Assert.That(sparse.Result.Iterations, Is.EqualTo(dense.Result.Iterations));
        Assert.That(sparse.Result.PrimalObjective, Is.EqualTo(dense.Result.PrimalObjective).Within(1e-9 * (1 + Math.Abs(dense.Result.PrimalObjective))));
        Assert.That(sparse.NonConvexObjective, Is.EqualTo(dense.NonConvexObjective).Within(1e-6 * (1 + dense.NonConvexObjective)));
    }

    [Test]
    public void TheSolveOptionPicksTheFactorization()
    {
        var words = new Dictionary<string, string> { ["kkt"] = "sparse" };
        Assert.That(InteriorPointSettings.From(new SolverSettings { Words = words }).Factorization, Is.EqualTo(KktFactorization.Sparse));
        words["kkt"] = "dense";
        Assert.That(InteriorPointSettings.From(new SolverSettings { Words = words }).Factorization, Is.EqualTo(KktFactorization.Dense));
        words["kkt"] = "cholesky";
        var r = new NativeBackend().Solve(RandomPrograms.Generate(5, 20, 1, 3, 1, 0, 1), new SolverSettings { Words = words });
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Error));
        Assert.That(r.Message, Does.Contain("kkt must be auto, dense or sparse"));
    }

    [Test]
    public void TheAutomaticRuleFollowsSizeAndFill()
    {
        KktPattern Banded(int n, int band)
        {
            var p = new KktPattern(n);
            for (int i = 0; i < n; i++)
                for (int j = Math.Max(0, i - band); j < i; j++) p.Add(i, j, 0);
            return p;
        }
        // Below SmallOrder: dense without looking at the pattern.
        Assert.That(KktFactorizationChoice.Create(100, () => Banded(100, 2), KktFactorization.Auto, out _), Is.TypeOf<DenseLdl>());
        // A narrow band: no fill beyond it, far less work than dense.
        Assert.That(KktFactorizationChoice.Create(1000, () => Banded(1000, 3), KktFactorization.Auto, out var why), Is.TypeOf<SupernodalLdl>(), why);
        // A full pattern: nothing to save.
        Assert.That(KktFactorizationChoice.Create(1200, () => Banded(1200, 1200), KktFactorization.Auto, out _), Is.TypeOf<DenseLdl>());
        // Forced choices skip the rule.
        Assert.That(KktFactorizationChoice.Create(10, () => Banded(10, 2), KktFactorization.Sparse, out _), Is.TypeOf<SupernodalLdl>());
        Assert.That(KktFactorizationChoice.Create(1000, () => Banded(1000, 3), KktFactorization.Dense, out _), Is.TypeOf<DenseLdl>());
    }
}
