using System.Globalization;
using System.Text;
using ConicDsl.Backends;
using ConicDsl.Backends.Native;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Tests.Support;

/// <summary>Compile → native solve → recover, on data written to a temporary CSV, bypassing the parser.</summary>
public static class Pipeline
{
    public sealed record Solved(CompiledModel Compiled, SolveResult Result, Recovery Recovery, double NonConvexObjective);

    public static Solved Solve(double[][] x, double[] y, LossKind loss, double beta, BiasMode bias,
        PatternSpec? patterns = null, int width = 16) =>
        Solve(x, y, (modelPath, dataFile) =>
            Models.TwoLayer(modelPath, dataFile, "y", loss, beta, bias, width, patterns));

    /// <summary>Writes x (columns x0, x1, …) and y to a CSV, builds the model with <paramref name="model"/>(model path,
    /// data file name, target "y"), compiles, solves with <paramref name="backend"/> (default native) and recovers.</summary>
    public static Solved Solve(double[][] x, double[] y, Func<string, string, Model> model,
        ISolverBackend? backend = null, SolverSettings? settings = null)
    {
        using var dir = new TempDir();
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", Enumerable.Range(0, x[0].Length).Select(i => $"x{i}").Append("y")));
        for (int k = 0; k < x.Length; k++)
            csv.AppendLine(string.Join(",", x[k].Append(y[k]).Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        dir.Write("d.csv", csv.ToString());
        var (compiled, diagnostics) = ModelCompiler.Compile(model(Path.Combine(dir.Path, "m.cnn"), "d.csv"));
        Assert.That(compiled, Is.Not.Null, string.Join("\n", diagnostics.Select(d => d.FormatWithHint())));
        var result = (backend ?? new NativeBackend()).Solve(compiled!.Lowered.Program, settings ?? new SolverSettings());
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Optimal), result.Message);
        var recovery = compiled.Lowered.Recovery.Recover(result.X.AsSpan());
        return new Solved(compiled, result, recovery, compiled.Lowered.Recovery.Objective(recovery.Network));
    }

    public static double[][] RandomPoints(Random rng, int n, int d, double scale = 1.0) =>
        Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(_ => scale * (2 * rng.NextDouble() - 1)).ToArray()).ToArray();
}
