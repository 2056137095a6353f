using ConicDsl.Backends;
using ConicDsl.Backends.Native;
using ConicDsl.Compiler.Certificates;
using ConicDsl.Conic;

namespace ConicDsl.Tests.Compiler.Certificates;

public class PolyhedralConeProjectionTests
{
    [Test]
    public void OrthantProjectionClipsNegativeEntries()
    {
        // Closed form: with G = I the cone is the orthant and Π(g) = max(g, 0) entrywise.
        var g = new[] { 0.7, -1.2, 0.0, 3.5, -0.01 };
        var identity = new double[5, 5];
        for (int i = 0; i < 5; i++) identity[i, i] = 1;
        var u = PolyhedralConeProjection.Project(identity, g);
        Assert.That(u, Is.EqualTo(g.Select(v => Math.Max(v, 0))).Within(1e-15));
    }

    [TestCase(1, 4, 1)]
    [TestCase(2, 12, 2)]
    [TestCase(3, 10, 3)]
    [TestCase(5, 25, 4)]
    [TestCase(2, 20, 5)]
    public void ProjectionMatchesTheInteriorPointSolver(int d, int n, int seed)
    {
        // Independent route: the native IPM solves min ½‖u‖² − gᵀu s.t. Gu ≥ 0 as a conic QP. Rows are random, some
        // duplicated and some zero, as in pattern cones of data with repeated or zero samples.
        var rng = new Random(seed);
        var cone = new double[n, d];
        for (int k = 0; k < n; k++)
        for (int j = 0; j < d; j++)
            cone[k, j] = k % 5 == 4 ? 0 : k % 7 == 6 ? cone[k - 1, j] : 2 * rng.NextDouble() - 1;
        for (int trial = 0; trial < 5; trial++)
        {
            var g = Enumerable.Range(0, d).Select(_ => 3 * (2 * rng.NextDouble() - 1)).ToArray();
            var u = PolyhedralConeProjection.Project(cone, g);
            var b = new ConicProgramBuilder();
            var v = b.AddVariables("u", d);
            for (int j = 0; j < d; j++)
            {
                b.AddQuadraticObjective(v.Offset + j, v.Offset + j, 1);
                b.AddLinearObjective(v.Offset + j, -g[j]);
            }
            var rows = b.AddRows("cone", ConeKind.NonNegative, n);
            for (int k = 0; k < n; k++)
            for (int j = 0; j < d; j++)
                if (cone[k, j] != 0) rows.Add(k, v.Offset + j, cone[k, j]);
            var result = new NativeBackend().Solve(b.Build(), new SolverSettings { Tolerance = 1e-10 });
            Assert.That(result.Status, Is.EqualTo(SolveStatus.Optimal), result.Message);
            Assert.That(u, Is.EqualTo(result.X.Take(d)).Within(1e-7), $"trial {trial}");
            for (int k = 0; k < n; k++)
            {
                double s = 0;
                for (int j = 0; j < d; j++) s += cone[k, j] * u[j];
                Assert.That(s, Is.GreaterThanOrEqualTo(-1e-12), "the projection lies in the cone");
            }
        }
    }
}
