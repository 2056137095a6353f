using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using ConicDsl.Backends;
using ConicDsl.Backends.Native;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Tests.Support;

/// <summary>Vector-output models (math.md §7) built directly, and compile → solve → recover on an n × C target matrix
/// written to a temporary CSV (columns x0…, y0…).</summary>
public static class VectorOutputModels
{
    public static Model Model(string modelPath, string dataFile, int outputs, LossKind loss = LossKind.Squared,
        double beta = 0.1, BiasMode bias = BiasMode.Regularized, int width = 16, PatternSpec? patterns = null,
        bool tightened = false, bool l1Output = false)
    {
        var none = SourceSpan.None(modelPath);
        var targets = Enumerable.Range(0, outputs).Select(c => new ColumnRef($"y{c}", new SourceSpan(modelPath, 2, 30 + 4 * c, 2)))
            .ToImmutableArray();
        var model = Models.TwoLayer(modelPath, dataFile, "y0", loss, beta, bias, width, patterns);
        var layer = new ReluLayerSpec(width, none);
        var network = new NetworkSpec(InputSpec.Vector(bias, none), [layer], outputs, true,
            new VectorOutputArchitecture(layer, outputs, tightened, l1Output), none);
        return model with
        {
            Data = model.Data with { MoreTargets = targets.RemoveAt(0) },
            Network = network,
            Regularizer = model.Regularizer with { Kind = l1Output ? RegularizerKind.WeightDecayL1Output : RegularizerKind.WeightDecay },
        };
    }

    public static CompiledModel Compile(double[][] x, double[][] y, Func<string, string, Model> model)
    {
        using var dir = new TempDir();
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", Enumerable.Range(0, x[0].Length).Select(i => $"x{i}")
            .Concat(Enumerable.Range(0, y[0].Length).Select(c => $"y{c}"))));
        for (int k = 0; k < x.Length; k++)
            csv.AppendLine(string.Join(",", x[k].Concat(y[k]).Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        dir.Write("d.csv", csv.ToString());
        var (compiled, diagnostics) = ModelCompiler.Compile(model(Path.Combine(dir.Path, "m.cnn"), "d.csv"));
        Assert.That(compiled, Is.Not.Null, string.Join("\n", diagnostics.Select(d => d.FormatWithHint())));
        return compiled!;
    }

    public static Pipeline.Solved Solve(CompiledModel compiled, ISolverBackend? backend = null)
    {
        var result = (backend ?? new NativeBackend()).Solve(compiled.Lowered.Program, new SolverSettings());
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Optimal), result.Message);
        var recovery = compiled.Lowered.Recovery.Recover(result.X.AsSpan());
        return new Pipeline.Solved(compiled, result, recovery, compiled.Lowered.Recovery.Objective(recovery.Network));
    }
}
