using ConicDsl.Compiler.Recovery;
using ConicDsl.Backends;
using ConicDsl.Backends.Native;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Lowerings;

public class TwoLayerReluLoweringTests
{
    private static CompiledModel Compile(string csv, double beta, BiasMode bias, out TempDir dir, LossKind loss = LossKind.Squared)
    {
        dir = new TempDir();
        dir.Write("d.csv", csv);
        var (compiled, diags) = ModelCompiler.Compile(Models.TwoLayer(Path.Combine(dir.Path, "m.cnn"), "d.csv", "y", loss, beta, bias));
        Assert.That(compiled, Is.Not.Null, string.Join("\n", diags.Select(d => d.FormatWithHint())));
        return compiled!;
    }

    [Test]
    public void TwoPointsOneFeatureByHand()
    {
        // x = (1, −1), no bias: two regions, u > 0 → pattern (1,0) and u < 0 → (0,1). Each pattern drives one
        // prediction freely with cost β|z|, so ŷ_k = soft-threshold(y_k, β): ŷ = (0.5, 1.5) for y = (1, 2), β = 0.5,
        // and the optimum is ½(0.5² + 0.5²) + 0.5·(0.5 + 1.5) = 1.25 (worked by hand).
        var compiled = Compile("x,y\n1,1\n-1,2\n", 0.5, BiasMode.None, out var dir);
        using var _ = dir;
        var p = compiled.Lowered.Program;
        Assert.That(compiled.Patterns.Count, Is.EqualTo(2));
        Assert.That(p.Variables, Is.EqualTo(2 + 2 * 2 * 1 + 2 * 2), "n + 2Pd + 2P");
        Assert.That((p.Cones.Zero, p.Cones.NonNegative, p.Cones.SecondOrder.Length), Is.EqualTo((2, 2 * 2 * 2, 4)), "n zero rows, 2Pn nonneg rows, 2P cones");
        Assert.That(p.Cones.SecondOrder.All(q => q == 2));
        Assert.That(p.ObjectiveConstant, Is.EqualTo(0.5 * (1 + 4)), "½‖y‖²");

        var result = new NativeBackend().Solve(p, new SolverSettings());
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Optimal));
        Assert.That(result.PrimalObjective, Is.EqualTo(1.25).Within(1e-7));
        var recovery = compiled.Lowered.Recovery.Recover(result.X.AsSpan());
        Assert.That(((TwoLayerReluNetwork)recovery.Network).Neurons, Has.Length.EqualTo(2));
        Assert.That(((TwoLayerReluNetwork)recovery.Network).Predict(new[] { 1.0 }), Is.EqualTo(0.5).Within(1e-7));
        Assert.That(((TwoLayerReluNetwork)recovery.Network).Predict(new[] { -1.0 }), Is.EqualTo(1.5).Within(1e-7));
    }

    [Test]
    public void HingeProgramHasTheLpEpigraph()
    {
        var compiled = Compile("x,y\n1,0\n-1,1\n2,1\n", 0.1, BiasMode.Regularized, out var dir, LossKind.Hinge);
        using var _ = dir;
        var p = compiled.Lowered.Program;
        int n = 3, np = compiled.Patterns.Count;
        Assert.That(p.Cones.NonNegative, Is.EqualTo(2 * np * n + 2 * n), "cone rows + e ≥ 0 and e ≥ 1 − yŷ");
        Assert.That(p.HasQuadraticObjective, Is.False);
    }

    [Test]
    public void RecoveryReproducesTheConvexObjectiveAtAnyFeasiblePoint()
    {
        // math.md §1 "value correspondence": for any feasible (v, w) the recovered network's objective equals the
        // program's objective at that point. Points come from random networks through the forward map §1(a).
        var rng = new Random(2);
        var x = Pipeline.RandomPoints(rng, 7, 2);
        var csv = "a,b,y\n" + string.Join("\n", x.Select(p => FormattableString.Invariant($"{p[0]},{p[1]},{rng.NextDouble()}"))) + "\n";
        foreach (var bias in new[] { BiasMode.Regularized, BiasMode.Unregularized, BiasMode.None })
        {
            var compiled = Compile(csv, 0.3, bias, out var dir);
            using var _ = dir;
            var program = compiled.Lowered.Program;
            var design = compiled.Data.DesignMatrix(bias != BiasMode.None);
            int n = design.GetLength(0), dt = design.GetLength(1), np = compiled.Patterns.Count;
            var point = new double[program.Variables];
            int Offset(string name) => program.VariableBlocks.Single(b => b.Name == name).Offset;
            for (int neuron = 0; neuron < 4; neuron++)
            {
                var u = Enumerable.Range(0, dt).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
                double alpha = rng.NextDouble() * 2 - 1;
                var active = Enumerable.Range(0, n).Select(k => Enumerable.Range(0, dt).Sum(j => design[k, j] * u[j]) >= 0).ToArray();
                if (!active.Contains(true)) continue; // the all-zero pattern is dropped: such a neuron contributes nothing
                int i = Enumerable.Range(0, np).Single(q => Enumerable.Range(0, n).All(k => compiled.Patterns.IsActive(q, k) == active[k]));
                int block = (alpha > 0 ? Offset("v") : Offset("w")) + i * dt;
                for (int j = 0; j < dt; j++) point[block + j] += Math.Abs(alpha) * u[j];
            }
            int penalised = bias == BiasMode.Unregularized ? dt - 1 : dt;
            for (int i = 0; i < np; i++)
            {
                point[Offset("norm_v") + i] = Norm(point.AsSpan(Offset("v") + i * dt, penalised));
                point[Offset("norm_w") + i] = Norm(point.AsSpan(Offset("w") + i * dt, penalised));
                for (int k = 0; k < n; k++)
                {
                    if (!compiled.Patterns.IsActive(i, k)) continue;
                    for (int j = 0; j < dt; j++)
                        point[Offset("prediction") + k] += design[k, j] * (point[Offset("v") + i * dt + j] - point[Offset("w") + i * dt + j]);
                }
            }
            var check = SolutionCheck.Compute(program, point, new double[program.Constraints]);
            Assert.That(check.PrimalResidual, Is.LessThan(1e-12), $"{bias}: the forward map gives a feasible point");
            var recovery = compiled.Lowered.Recovery.Recover(point);
            double recovered = compiled.Lowered.Recovery.Objective(recovery.Network);
            Assert.That(recovered, Is.EqualTo(program.Objective(point)).Within(1e-9), $"{bias}");
        }
    }

    private static double Norm(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var e in v) s += e * e;
        return Math.Sqrt(s);
    }
}
