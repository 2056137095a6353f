using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using ConicDsl.Backends;
using ConicDsl.Backends.Cvxopt;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Text;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Architectures.Circular;

/// <summary>Circular CNN models built directly (the parser for the new statements lands separately), and the
/// second-backend solve every exact test repeats.</summary>
public static class CircularModels
{
    private static readonly SourceSpan None = SourceSpan.None("m.cnn");

    public static readonly ExactPatterns Exact = new(ExactPatterns.DefaultLimit, SourceSpan.None("m.cnn"));

    public static InputSpec Input(int rows, int columns, int channels) => rows == 1
        ? new InputSpec(InputShape.Signal, ImmutableArray.Create(columns), channels, BiasMode.None, None)
        : new InputSpec(InputShape.Image, ImmutableArray.Create(rows, columns), channels, BiasMode.None, None);

    public static ConvLayerSpec Conv(int rows, int columns, int filters, bool unitNorm = true) =>
        new(ConvKind.Circular, filters, rows == 1 ? ImmutableArray.Create(columns) : ImmutableArray.Create(rows, columns),
            1, unitNorm, false, None);

    /// <summary>k circular layers (unit-norm, full length) + dense relu + output 1.</summary>
    public static Func<string, string, Model> Relu(int rows, int columns, int channels, double beta,
        int circularLayers = 1, int filters = 16, PatternSpec? patterns = null, bool relaxation = false) =>
        (path, file) => Models.WithNetwork(path, file, "y",
            Models.Network(Input(rows, columns, channels),
                new CircularCnnArchitecture(Enumerable.Range(0, circularLayers).Select(_ => Conv(rows, columns, filters)).ToImmutableArray(), true),
                relaxation),
            LossKind.Squared, beta, patterns);

    /// <summary>One decayed circular layer + output 1 (math.md §5.4).</summary>
    public static Func<string, string, Model> Linear(int rows, int columns, int channels, double beta, int filters = 4) =>
        (path, file) => Models.WithNetwork(path, file, "y",
            Models.Network(Input(rows, columns, channels),
                new CircularCnnArchitecture(ImmutableArray.Create(Conv(rows, columns, filters, unitNorm: false)), false)),
            LossKind.Squared, beta);

    /// <summary><see cref="Pipeline.Solve(double[][], double[], Func{string, string, Model})"/> with another backend.</summary>
    public static Pipeline.Solved Solve(double[][] x, double[] y, Func<string, string, Model> model, ISolverBackend backend)
    {
        using var dir = new TempDir();
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", Enumerable.Range(0, x[0].Length).Select(i => $"x{i}").Append("y")));
        for (int k = 0; k < x.Length; k++)
            csv.AppendLine(string.Join(",", x[k].Append(y[k]).Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        dir.Write("d.csv", csv.ToString());
        var (compiled, diagnostics) = ModelCompiler.Compile(model(Path.Combine(dir.Path, "m.cnn"), "d.csv"));
        Assert.That(compiled, Is.Not.Null, string.Join("\n", diagnostics.Select(d => d.FormatWithHint())));
        var result = backend.Solve(compiled!.Lowered.Program, new SolverSettings());
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Optimal), result.Message);
        var recovery = compiled.Lowered.Recovery.Recover(result.X.AsSpan());
        return new Pipeline.Solved(compiled, result, recovery, compiled.Lowered.Recovery.Objective(recovery.Network));
    }

    /// <summary>The compiled program through CVXOPT (an independent interior-point code): its optimum must agree
    /// with the native solver's to 1e-6 relative, and its point must recover to a network with that objective.</summary>
    public static double AssertCvxoptAgrees(Pipeline.Solved solved, double tolerance = 1e-6)
    {
        var result = new CvxoptBackend().Solve(solved.Compiled.Lowered.Program, new SolverSettings());
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Optimal), result.Message);
        double native = solved.Result.PrimalObjective;
        Assert.That(result.PrimalObjective, Is.EqualTo(native).Within(tolerance * (1 + Math.Abs(native))), "cvxopt vs native optimum");
        var recovery = solved.Compiled.Lowered.Recovery;
        double recovered = recovery.Objective(recovery.Recover(result.X.AsSpan()).Network);
        if (solved.Compiled.Lowered.Claim == ConicDsl.Compiler.Lowerings.ProgramClaim.Exact)
            Assert.That(recovered, Is.EqualTo(result.PrimalObjective).Within(tolerance * (1 + Math.Abs(native))), "network from cvxopt's point");
        return result.PrimalObjective;
    }

    /// <summary>Compiles without solving; the diagnostics when the model is refused.</summary>
    public static (CompiledModel? Compiled, IReadOnlyList<ConicDsl.Dsl.Diagnostics.Diagnostic> Diagnostics) Compile(
        double[][] x, double[] y, Func<string, string, Model> model)
    {
        using var dir = new TempDir();
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", Enumerable.Range(0, x[0].Length).Select(i => $"x{i}").Append("y")));
        for (int k = 0; k < x.Length; k++)
            csv.AppendLine(string.Join(",", x[k].Append(y[k]).Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        dir.Write("d.csv", csv.ToString());
        var (compiled, diagnostics) = ModelCompiler.Compile(model(Path.Combine(dir.Path, "m.cnn"), "d.csv"));
        return (compiled, diagnostics);
    }

    /// <summary>n Gaussian rows of the given length, and targets from <paramref name="target"/>.</summary>
    public static (double[][] X, double[] Y) Data(int seed, int n, int features, Func<double[], double> target)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, features)
            .Select(_ => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())).ToArray()).ToArray();
        return (x, x.Select(target).ToArray());
    }

    public static ReportFact Fact(Recovery recovery, string key) => recovery.FactsOrEmpty.Single(f => f.Key == key);
}
