using NUnit.Framework;
using ConicDsl.Backends.Native;
using ConicDsl.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Tests.Backends.Native;

/// <summary>
/// The supernodal LDLᵀ (<see cref="SupernodalLdl"/>) against MathNet's dense LU (an independent route) on quasi-definite
/// systems whose supernodes are narrow (random sparse), wide (dense blocks wider than one GEMM block, so the in-panel
/// products run) and many-to-one (independent cliques coupled by a dense trailing block, the shape of the compiled ReLU
/// programs), each with OpenBLAS and with the managed products.
/// </summary>
public class SupernodalLdlTests
{
    private static IEnumerable<IDenseLinearAlgebra> Kernels()
    {
        yield return ManagedLinearAlgebra.Instance;
        if (DenseLinearAlgebra.Current is OpenBlasLinearAlgebra blas) yield return blas;
    }

    /// <summary>Cliques of <paramref name="clique"/> positive nodes, each coupled to a random half of
    /// <paramref name="trailing"/> negative nodes that are all coupled to each other.</summary>
    private static (List<(int I, int J)> Pattern, Dictionary<(int, int), double> Values) CliquesAndTrailingBlock(
        int cliques, int clique, int trailing, int seed)
    {
        var rng = new Random(seed);
        int positive = cliques * clique, n = positive + trailing;
        var values = new Dictionary<(int, int), double>();
        var rowSum = new double[n];
        void Set(int i, int j, double v)
        {
            values[(Math.Max(i, j), Math.Min(i, j))] = v;
            if ((i < positive) == (j < positive))
            {
                rowSum[i] += Math.Abs(v);
                rowSum[j] += Math.Abs(v);
            }
        }
        for (int q = 0; q < cliques; q++)
        {
            int f = q * clique;
            for (int a = 0; a < clique; a++)
                for (int b = 0; b < a; b++) Set(f + a, f + b, rng.NextDouble() - 0.5);
            for (int t = 0; t < trailing; t++)
                if (rng.Next(2) == 0)
                    for (int a = 0; a < clique; a++) Set(positive + t, f + a, rng.NextDouble() - 0.5);
        }
        for (int t = 0; t < trailing; t++)
            for (int u = 0; u < t; u++) Set(positive + t, positive + u, 0.1 * (rng.NextDouble() - 0.5));
        for (int i = 0; i < n; i++)
        {
            double d = rowSum[i] + 0.5 + rng.NextDouble();
            values[(i, i)] = i < positive ? d : -d;
        }
        return (values.Keys.ToList(), values);
    }

    private static void AssertSolvesLikeDenseLu((List<(int I, int J)> Pattern, Dictionary<(int, int), double> Values) m, int n,
        int positive, int[] order, IDenseLinearAlgebra blas, int minWidth = 1)
    {
        var ldl = new SupernodalLdl(n, m.Pattern, order, blas);
        foreach (var ((i, j), v) in m.Values) ldl.Add(i, j, v);
        Assert.That(ldl.Factor(positive, 1e-13, 1e-7), Is.True);
        Assert.That(ldl.DynamicRegularizations, Is.Zero, "a quasi-definite matrix needs no regularized pivot");
        Assert.That(ldl.Supernodes, Is.LessThanOrEqualTo(n / minWidth), "supernodes as wide as the structure allows");
        var dense = Matrix<double>.Build.Dense(n, n);
        foreach (var ((i, j), v) in m.Values)
        {
            dense[i, j] = v;
            dense[j, i] = v;
        }
        var rng = new Random(n);
        var b = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var expected = dense.LU().Solve(Vector<double>.Build.DenseOfArray(b));
        var x = (double[])b.Clone();
        ldl.Solve(x);
        for (int i = 0; i < n; i++) Assert.That(x[i], Is.EqualTo(expected[i]).Within(1e-9 * (1 + Math.Abs(expected[i]))), $"x[{i}] ({blas.Name})");
    }

    [TestCase(40, 10, 3, 1)]
    [TestCase(150, 60, 4, 2)]
    [TestCase(0, 80, 3, 4)]
    [TestCase(200, 120, 8, 5)]
    public void RandomSparseSystems(int positive, int negative, int perRow, int seed)
    {
        int n = positive + negative;
        var m = SparseLdlTests.RandomQuasiDefinite(positive, negative, perRow, seed);
        var order = MinimumDegreeOrdering.Order(n, m.Pattern)!;
        foreach (var blas in Kernels()) AssertSolvesLikeDenseLu(m, n, positive, order, blas);
    }

    [Test]
    public void ADenseMatrixIsOneWideSupernode()
    {
        // Fully coupled: one supernode of width 150 > PanelLdl.Block, so the in-panel GEMM runs twice.
        var m = SparseLdlTests.RandomQuasiDefinite(100, 50, 150, 9);
        foreach (var blas in Kernels())
        {
            var natural = Enumerable.Range(0, 150).ToArray();
            AssertSolvesLikeDenseLu(m, 150, 100, natural, blas);
        }
    }

    [TestCase(30, 11, 90, 3)]
    [TestCase(12, 70, 140, 4)]
    public void IndependentCliquesCoupledByATrailingBlock(int cliques, int clique, int trailing, int seed)
    {
        int n = cliques * clique + trailing;
        var m = CliquesAndTrailingBlock(cliques, clique, trailing, seed);
        var order = MinimumDegreeOrdering.Order(n, m.Pattern)!;
        foreach (var blas in Kernels()) AssertSolvesLikeDenseLu(m, n, cliques * clique, order, blas, minWidth: 5);
    }

    /// <summary>The scalar up-looking kernel (<see cref="SparseLdl"/>) does the same arithmetic column by column: both
    /// must regularize the same pivots (here five isolated zero pivots, so the ±delta does not cascade) and give the same
    /// solution.</summary>
    [Test]
    public void AgreesWithTheScalarKernelIncludingRegularizedPivots()
    {
        var m = CliquesAndTrailingBlock(10, 9, 30, 8);
        int n = 125;
        for (int i = 120; i < n; i++)
        {
            m.Pattern.Add((i, i));
            m.Values[(i, i)] = 0;
        }
        var order = MinimumDegreeOrdering.Order(n, m.Pattern)!;
        foreach (var blas in Kernels())
        {
            var scalar = new SparseLdl(n, m.Pattern, order);
            var supernodal = new SupernodalLdl(n, m.Pattern, order, blas);
            foreach (IKktFactorization f in new IKktFactorization[] { scalar, supernodal })
            {
                foreach (var ((i, j), v) in m.Values) f.Add(i, j, v);
                Assert.That(f.Factor(90, 1e-13, 1e-7), Is.True, f.GetType().Name);
            }
            Assert.That(supernodal.DynamicRegularizations, Is.EqualTo(scalar.DynamicRegularizations).And.EqualTo(5));
            var b = Enumerable.Range(0, n).Select(i => Math.Cos(i)).ToArray();
            var xs = (double[])b.Clone();
            var xn = (double[])b.Clone();
            scalar.Solve(xs);
            supernodal.Solve(xn);
            for (int i = 0; i < n; i++) Assert.That(xn[i], Is.EqualTo(xs[i]).Within(1e-9 * (1 + Math.Abs(xs[i]))), $"x[{i}] ({blas.Name})");
        }
    }

    [Test]
    public void RegularizesWrongSignPivotsAndRefusesEntriesOutsideThePattern()
    {
        var pattern = new List<(int, int)> { (0, 0), (1, 0), (1, 1), (2, 2) };
        var ldl = new SupernodalLdl(3, pattern, new[] { 0, 1, 2 });
        ldl.Add(1, 0, 1);
        ldl.Add(2, 2, -1);
        Assert.That(ldl.Factor(1, 1e-13, 1e-7), Is.True);
        Assert.That(ldl.DynamicRegularizations, Is.EqualTo(1), "pivot 0 of a positive index becomes +delta");
        Assert.Throws<InvalidOperationException>(() => ldl.Add(2, 0, 1));
    }

    [Test]
    public void NonFinitePivotIsReported()
    {
        var ldl = new SupernodalLdl(2, new List<(int, int)> { (0, 0), (1, 0), (1, 1) }, new[] { 0, 1 });
        ldl.Add(0, 0, double.NaN);
        Assert.That(ldl.Factor(2, 1e-13, 1e-7), Is.False);
    }
}
