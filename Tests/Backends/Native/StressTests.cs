using NUnit.Framework;
using System.Collections.Immutable;
using ConicDsl.Conic;
using static ConicDsl.Tests.Backends.Native.NativeTestPrograms;

namespace ConicDsl.Tests.Backends.Native;

/// <summary>Many random instances of varied shape; run explicitly (slow). Optimal is backed by SolutionCheck.</summary>
public class StressTests
{
    [Explicit, Test]
    public void ManyRandomInstances()
    {
        var failures = new List<string>();
        int count = 0;
        for (int seed = 0; seed < 40; seed++)
        {
            var rng = new Random(seed);
            int n = 20 + rng.Next(120);
            int rows = n * (2 + rng.Next(8));
            int socs = rng.Next(3) == 0 ? 0 : rng.Next(n);
            int dim = 3 + rng.Next(3);
            int eq = rng.Next(3) == 0 ? 0 : rng.Next(Math.Min(20, n / 2));
            int quad = rng.Next(2) == 0 ? 0 : rng.Next(n);
            var prog = RandomPrograms.Generate(n, rows, socs, dim, eq, quad, seed);
            if (seed % 4 == 3) prog = ScaleRows(prog, rng);
            var r = Solve(prog);
            count++;
            TestContext.Out.WriteLine($"seed {seed}: n={n} {prog.Cones} -> {r.Status} it={r.Iterations} pres {r.PrimalResidual:e1} dres {r.DualResidual:e1} gap {r.Gap:e1} {r.Message}");
            if (r.Status != ConicDsl.Backends.SolveStatus.Optimal) failures.Add($"seed {seed}: {r.Status} {r.Message}");
        }
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    [Explicit, Test]
    public void InfeasibleAndUnboundedVariants()
    {
        var failures = new List<string>();
        for (int seed = 0; seed < 10; seed++)
        {
            var p = RandomPrograms.Generate(80, 500, 20, 4, 5, seed % 2 == 0 ? 0 : 10, seed);
            // Infeasible: insert x₀ ≤ −20 after the orthant rows of a program whose box says x₀ ≥ −10.
            int insert = p.Cones.Zero + p.Cones.NonNegative;
            var shifted = p.A.Entries().Select(e => (e.Row >= insert ? e.Row + 1 : e.Row, e.Column, e.Value)).Append((insert, 0, 1.0));
            var b = p.B.Take(insert).Append(-20.0).Concat(p.B.Skip(insert)).ToImmutableArray();
            var inf = new ConicProgram(SparseMatrix.FromTriplets(p.Constraints + 1, p.Variables, shifted), b, p.C, p.P, 0,
                p.Cones with { NonNegative = p.Cones.NonNegative + 1 }, p.VariableBlocks, ImmutableArray<Block>.Empty);
            var r = Solve(inf);
            TestContext.Out.WriteLine($"infeasible seed {seed}: {r.Status} it={r.Iterations} {r.Message}");
            if (r.Status != ConicDsl.Backends.SolveStatus.Infeasible) failures.Add($"infeasible seed {seed}: {r.Status}");

            // Unbounded: x ≤ 10 with c = e (reference direction d = −e, cᵀd = −n < 0, −Ad = e ≥ 0).
            int n = p.Variables;
            var lp = Make(n, Enumerable.Range(0, n).Select(i => (i, i, 1.0)), Enumerable.Repeat(10.0, n).ToArray(),
                Enumerable.Repeat(1.0, n).ToArray(), 0, n);
            r = Solve(lp);
            TestContext.Out.WriteLine($"unbounded seed {seed}: {r.Status} it={r.Iterations} {r.Message}");
            if (r.Status != ConicDsl.Backends.SolveStatus.Unbounded) failures.Add($"unbounded seed {seed}: {r.Status}");
        }
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    /// <summary>Multiplies each orthant row by a random power of ten in [1e-3, 1e3] (the feasible set is unchanged).</summary>
    private static ConicProgram ScaleRows(ConicProgram p, Random rng)
    {
        int z = p.Cones.Zero, l = p.Cones.NonNegative;
        var f = new double[p.Constraints];
        for (int i = 0; i < f.Length; i++) f[i] = i >= z && i < z + l ? Math.Pow(10, rng.Next(-3, 4)) : 1;
        var a = SparseMatrix.FromTriplets(p.Constraints, p.Variables, p.A.Entries().Select(e => (e.Row, e.Column, e.Value * f[e.Row])));
        var b = p.B.Select((v, i) => v * f[i]).ToImmutableArray();
        return new ConicProgram(a, b, p.C, p.P, 0, p.Cones, p.VariableBlocks, p.RowBlocks);
    }
}
