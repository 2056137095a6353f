using System.Globalization;
using System.Text;
using ConicDsl.Backends;
using ConicDsl.Backends.Native;
using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.Architectures.Sizing;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Conic;
using ConicDsl.Dsl;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Text;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Architectures;

/// <summary>
/// The pre-lowering size estimate (docs/robustness.md, "Size guard") against the program actually built. Independent
/// route: the built <see cref="ConicProgram"/>'s own counts (its vectors, cone layout and sparse matrices), and the KKT
/// pattern the native solver records for it.
/// </summary>
public class SizeEstimateTests
{
    private static readonly string[] Examples =
    [
        "iris.cnn", "iris_tight.cnn", "quadratic.cnn", "rises_cnn.cnn", "signals_circular.cnn", "spline1d.cnn",
        "spline1d_huber.cnn", "spline1d_path.cnn", "xor.cnn", "xor_gated.cnn", "xor_logistic.cnn",
    ];

    private static Model LoadExample(string name)
    {
        var path = CliRunner.Example(name);
        var loaded = ModelFrontEnd.Load(path, File.ReadAllText(path), BackendRegistry.Catalog());
        Assert.That(loaded.Model, Is.Not.Null);
        return loaded.Model!;
    }

    private static CompiledModel Compile(Model model)
    {
        var (compiled, diagnostics) = ModelCompiler.Compile(model);
        Assert.That(compiled, Is.Not.Null, string.Join("\n", diagnostics.Select(d => d.FormatWithHint())));
        return compiled!;
    }

    /// <summary>Every count of the estimate made for the patterns found equals the built program's; the KKT bound is
    /// at least the pattern the native solver records.</summary>
    private static void AssertMatchesBuilt(SizeEstimate estimate, ConicProgram program)
    {
        var s = estimate.Program;
        var cones = program.Cones;
        Assert.Multiple(() =>
        {
            Assert.That(s.Variables, Is.EqualTo(program.Variables), "variables");
            Assert.That(s.Rows, Is.EqualTo(program.Constraints), "rows");
            Assert.That(s.ZeroRows, Is.EqualTo(cones.Zero), "zero rows");
            Assert.That(s.NonNegativeRows, Is.EqualTo(cones.NonNegative), "nonnegative rows");
            Assert.That(s.SocBlocks, Is.EqualTo(cones.SecondOrder.Length), "second-order cones");
            Assert.That(s.SocRows, Is.EqualTo(cones.SecondOrder.Sum()), "second-order rows");
            Assert.That(s.SocSquares, Is.EqualTo(cones.SecondOrder.Sum(q => (long)q * q)), "Σ q²");
            Assert.That(s.PsdBlocks, Is.EqualTo(cones.Psd.Length), "PSD cones");
            Assert.That(s.ExpBlocks, Is.EqualTo(cones.Exponential), "exponential cones");
            Assert.That(s.NonZeros, Is.EqualTo(program.A.NonZeros), "nonzeros of A");
            Assert.That(s.ZeroRowNonZeros, Is.EqualTo(program.A.RowIndices.Count(r => r < cones.Zero)), "nonzeros of A_z");
            Assert.That(s.QuadraticNonZeros, Is.EqualTo(program.P?.NonZeros ?? 0), "nonzeros of P");
            Assert.That(s.KktEntries, Is.GreaterThanOrEqualTo(KktFillAnalysis.Pattern(program).Count), "KKT pattern bound");
        });
    }

    [TestCaseSource(nameof(Examples))]
    public void OnEveryExampleTheEstimateForThePatternsFoundIsTheBuiltProgram(string example)
    {
        var model = LoadExample(example);
        var compiled = Compile(model);
        var architecture = ArchitectureRegistry.Find(model.Network.Architecture)!;
        var estimate = architecture.EstimateSize(model, compiled.Data, compiled.Patterns);
        Assert.That(estimate, Is.Not.Null);
        Assert.That(estimate!.PatternsKnown, Is.True);
        Assert.That(estimate.Patterns, Is.EqualTo(compiled.Patterns.Count));
        AssertMatchesBuilt(estimate, compiled.Lowered.Program);

        // Before enumeration: the count asked for (or the exact bound) and every mask full, so never below the built program.
        var before = architecture.EstimateSize(model, compiled.Data, null)!;
        // The quadratic lift and the linear circular CNN have no sign patterns: their estimate is the same, exact, before and after.
        Assert.That(before.PatternsKnown, Is.EqualTo(architecture is QuadraticActivationPlugin || IsLinearCircular(model)));
        Assert.That(before.Patterns, Is.GreaterThanOrEqualTo(compiled.Patterns.Count));
        Assert.That(before.Program.Variables, Is.GreaterThanOrEqualTo(compiled.Lowered.Program.Variables));
        Assert.That(before.Program.Rows, Is.GreaterThanOrEqualTo(compiled.Lowered.Program.Constraints));
        Assert.That(before.Program.TotalNonZeros, Is.GreaterThanOrEqualTo(MemoryFootprints.NonZeros(compiled.Lowered.Program)));
        if (model.Patterns is SampledPatterns sampled) Assert.That(before.Patterns, Is.EqualTo(sampled.Count));
    }

    private static bool IsLinearCircular(Model model) => model.Network.Architecture is CircularCnnArchitecture { Relu: false };

    private static string Csv(int n, int d, int seed, Func<double[], double> target)
    {
        var rng = new Random(seed);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", Enumerable.Range(0, d).Select(j => $"x{j}").Append("y")));
        for (int k = 0; k < n; k++)
        {
            // A few exact zeros, so rows differ in their nonzero counts.
            var x = Enumerable.Range(0, d).Select(_ => rng.Next(5) == 0 ? 0.0 : Math.Round(2 * rng.NextDouble() - 1, 3)).ToArray();
            csv.AppendLine(string.Join(",", x.Append(target(x)).Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }
        return csv.ToString();
    }

    [TestCase(LossKind.Squared, BiasMode.Regularized, false)]
    [TestCase(LossKind.Squared, BiasMode.Unregularized, false)]
    [TestCase(LossKind.Absolute, BiasMode.None, false)]
    [TestCase(LossKind.Huber, BiasMode.Regularized, false)]
    [TestCase(LossKind.Hinge, BiasMode.Unregularized, false)]
    [TestCase(LossKind.Logistic, BiasMode.Regularized, false)]
    [TestCase(LossKind.Squared, BiasMode.Regularized, true)]
    [TestCase(LossKind.Hinge, BiasMode.None, true)]
    public void LossesBiasModesAndGatesAreCountedExactly(LossKind loss, BiasMode bias, bool gated)
    {
        using var dir = new TempDir();
        bool labels = loss is LossKind.Hinge or LossKind.Logistic;
        dir.Write("d.csv", Csv(60, 3, 11, x => labels ? (x[0] + x[1] > 0 ? 1 : -1) : x[0] - 0.5 * x[2]));
        var path = Path.Combine(dir.Path, "m.cnn");
        var patterns = new SampledPatterns(25, 3, SourceSpan.None(path));
        var model = gated
            ? Models.GatedRelu(path, "d.csv", "y", loss, 0.1, bias, 8, patterns)
            : Models.TwoLayer(path, "d.csv", "y", loss, 0.1, bias, 8, patterns);
        var compiled = Compile(model);
        var estimate = ArchitectureRegistry.Find(model.Network.Architecture)!.EstimateSize(model, compiled.Data, compiled.Patterns)!;
        AssertMatchesBuilt(estimate, compiled.Lowered.Program);
    }

    /// <summary>Compiles the model; the estimate for the patterns found equals the built program, and the estimate made
    /// before enumeration is never below it (independent route: the built program).</summary>
    private static void AssertEstimatesAgainstTheBuiltProgram(Model model)
    {
        var compiled = Compile(model);
        var architecture = ArchitectureRegistry.Find(model.Network.Architecture)!;
        var program = compiled.Lowered.Program;
        AssertMatchesBuilt(architecture.EstimateSize(model, compiled.Data, compiled.Patterns)!, program);
        var before = architecture.EstimateSize(model, compiled.Data, null)!;
        Assert.That(before.Program.TotalNonZeros, Is.GreaterThanOrEqualTo(MemoryFootprints.NonZeros(program)));
        Assert.That(before.Program.Rows, Is.GreaterThanOrEqualTo(program.Constraints));
        Assert.That(before.Program.Variables, Is.GreaterThanOrEqualTo(program.Variables));
    }

    private static Model LoadText(TempDir dir, string text)
    {
        var path = Path.Combine(dir.Path, "m.cnn");
        File.WriteAllText(path, text);
        var loaded = ModelFrontEnd.Load(path, text, BackendRegistry.Catalog());
        Assert.That(loaded.Model, Is.Not.Null, string.Join("\n", loaded.Diagnostics.Select(d => d.FormatWithHint())));
        return loaded.Model!;
    }

    // Variants beyond the examples: the squared loss on more samples than lifted coordinates (the least-squares
    // reduction), a loss without it, with and without the bias coordinate.
    [TestCase("squared", "input bias")]
    [TestCase("absolute", "input")]
    [TestCase("hinge", "input bias")]
    public void QuadraticVariantsAreCountedExactly(string loss, string input)
    {
        using var dir = new TempDir();
        dir.Write("d.csv", Csv(40, 3, 21, x => loss == "hinge" ? (x[0] * x[1] > 0 ? 1 : -1) : x[0] * x[1] - x[2]));
        var model = LoadText(dir, $"model q {{\n data \"d.csv\" target y\n network {{\n {input}\n quadratic 6 coefficients 1 0.5 0.2\n output 1\n }}\n" +
                                  $" loss {loss}\n regularize l1_output 0.05\n}}\n");
        var compiled = Compile(model);
        AssertMatchesBuilt(ArchitectureRegistry.Find(model.Network.Architecture)!.EstimateSize(model, compiled.Data, compiled.Patterns)!,
            compiled.Lowered.Program);
    }

    // Vector outputs: the plain and the tightened nuclear-norm relaxation, and the exact l1_output program, over three
    // classes with a few exact zeros in the features.
    [TestCase("relu 8\n output 3\n relaxation", "squared", "weight_decay 0.1")]
    [TestCase("relu 8\n output 3\n relaxation tight", "huber", "weight_decay 0.1")]
    [TestCase("relu 8\n output 3", "hinge", "weight_decay_l1_output 0.1")]
    [TestCase("relu 8\n output 3", "absolute", "weight_decay_l1_output 0.1")]
    public void VectorOutputVariantsAreCountedExactly(string layers, string loss, string regularizer)
    {
        using var dir = new TempDir();
        dir.Write("d.csv", Csv(18, 3, 31, x => x[0] > 0.3 ? 2 : x[1] > 0 ? 1 : 0));
        var model = LoadText(dir, $"model v {{\n data \"d.csv\" target y\n network {{\n input bias\n {layers}\n }}\n" +
                                  $" loss {loss}\n regularize {regularizer}\n arrangements sample 12 seed 2\n}}\n");
        AssertEstimatesAgainstTheBuiltProgram(model);
    }

    // The two-layer CNN with sum, mean and max pooling over signals and images (exact and sampled patterns).
    [TestCase("signal 8", "size 3", "sum", "exact")]
    [TestCase("signal 8", "size 2 stride 2", "mean", "sample 30 seed 4")]
    [TestCase("image 4 4", "size 2 2", "sum", "sample 40 seed 5")]
    [TestCase("signal 8", "size 3", "max", "sample 20 seed 6")]
    [TestCase("signal 6", "size 2 stride 2", "max", "exact")]
    [TestCase("image 4 4", "size 2 2 stride 2", "max", "sample 30 seed 7")]
    public void ConvPoolVariantsAreCountedExactly(string input, string kernel, string pool, string arrangements)
    {
        using var dir = new TempDir();
        int features = input switch { "image 4 4" => 16, "signal 6" => 6, _ => 8 };
        dir.Write("d.csv", Csv(16, features, 41, x => x[0] - x[1] + 0.5 * x[2]));
        var model = LoadText(dir, $"model c {{\n data \"d.csv\" target y\n network {{\n input {input}\n conv filters 4 {kernel} relu\n" +
                                  $" pool {pool}\n output 1\n }}\n loss squared\n regularize weight_decay 0.1\n arrangements {arrangements}\n}}\n");
        AssertEstimatesAgainstTheBuiltProgram(model);
    }

    // The circular CNN: linear (no patterns), one ReLU, two circular layers (the relaxation), over signals with channels
    // and images.
    [TestCase("signal 8", "conv circular filters 4 size 8", "squared", "")]
    [TestCase("signal 6 channels 2", "conv circular filters 4 size 6", "absolute", "")]
    [TestCase("signal 8", "conv circular filters 4 size 8 unit_norm\n dense relu", "squared", "arrangements sample 20 seed 3")]
    [TestCase("image 4 4", "conv circular filters 4 size 4 4 unit_norm\n conv circular filters 4 size 4 4 unit_norm\n dense relu\n relaxation", "huber", "arrangements sample 15 seed 8")]
    public void CircularVariantsAreCountedExactly(string input, string layers, string loss, string arrangements)
    {
        using var dir = new TempDir();
        int features = input switch { "image 4 4" => 16, "signal 6 channels 2" => 12, _ => 8 };
        dir.Write("d.csv", Csv(14, features, 51, x => x[0] + 0.3 * x[3]));
        var model = LoadText(dir, $"model r {{\n data \"d.csv\" target y\n network {{\n input {input}\n {layers}\n output 1\n }}\n" +
                                  $" loss {loss}\n regularize weight_decay 0.1\n {arrangements}\n}}\n");
        AssertEstimatesAgainstTheBuiltProgram(model);
    }

    // The three-layer CNN: a filter per position (E2, exact) and a shared filter (E1, nuclear norm), sampled and exact.
    [TestCase("signal 5", "conv local filters 2 size 2 stride 3 unit_norm relu", "sample 25 seed 2")]
    [TestCase("signal 6", "conv filters 2 size 3 stride 3 unit_norm relu", "sample 25 seed 3")]
    [TestCase("signal 4", "conv local filters 2 size 2 stride 2 unit_norm relu", "exact")]
    public void ConvDenseVariantsAreCountedExactly(string input, string conv, string arrangements)
    {
        using var dir = new TempDir();
        int features = int.Parse(input.Split(' ')[1]);
        dir.Write("d.csv", Csv(7, features, 61, x => x[0] - x[1]));
        var model = LoadText(dir, $"model t {{\n data \"d.csv\" target y\n network {{\n input {input}\n {conv}\n dense relu\n output 1\n }}\n" +
                                  $" loss squared\n regularize weight_decay 0.1\n arrangements {arrangements}\n}}\n");
        AssertEstimatesAgainstTheBuiltProgram(model);
    }

    [Test]
    public void LoweringAllocatesAboutWhatTheEstimateSays()
    {
        // Independent route: the runtime's count of bytes allocated by this thread while lowering (garbage included, so
        // an upper bound on the peak); the estimate must be of that size, neither an order below nor above.
        using var dir = new TempDir();
        dir.Write("d.csv", Csv(2000, 4, 5, x => x[0] * x[1]));
        var path = Path.Combine(dir.Path, "m.cnn");
        var model = Models.TwoLayer(path, "d.csv", "y", patterns: new SampledPatterns(60, 1, SourceSpan.None(path)));
        var (data, _) = ModelCompiler.Bind(model);
        var architecture = ArchitectureRegistry.Find(model.Network.Architecture)!;
        var (patterns, _) = architecture.BuildPatterns(model, data!, CancellationToken.None);
        var estimate = architecture.EstimateSize(model, data!, patterns)!;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var lowered = architecture.Lower(model, data!, patterns!);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        TestContext.Out.WriteLine($"nonzeros {MemoryFootprints.NonZeros(lowered.Program)}, lowering estimate {estimate.LoweringBytes}, allocated {allocated}");
        Assert.That(estimate.LoweringBytes, Is.InRange(allocated / 2, allocated * 3 / 2));
    }

    [Test]
    public void TheFirstOrderRouteAllocatesAboutWhatTheEstimateSays()
    {
        using var dir = new TempDir();
        dir.Write("d.csv", Csv(3000, 4, 9, x => x[0] - x[1]));
        var path = Path.Combine(dir.Path, "m.cnn");
        var model = Models.TwoLayer(path, "d.csv", "y", patterns: new SampledPatterns(80, 1, SourceSpan.None(path)));
        var (data, _) = ModelCompiler.Bind(model);
        var architecture = (TwoLayerReluArchitecture)ArchitectureRegistry.Find(model.Network.Architecture)!;
        var (patterns, _) = architecture.BuildPatterns(model, data!, CancellationToken.None);
        var estimate = architecture.EstimateSize(model, data!, patterns)!;
        // Independent route: allocations (all threads: the products run in parallel) of the structured lowering and a
        // few iterations of the augmented-Lagrangian solver.
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var (lowering, _) = architecture.LowerStructured(model, data!, patterns!);
        ConicDsl.Compiler.FirstOrder.GroupLassoSolver.Solve(lowering!.Problem,
            new ConicDsl.Compiler.FirstOrder.FirstOrderSettings { MaxIterations = 3 });
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        TestContext.Out.WriteLine($"first-order estimate {estimate.FirstOrderBytes}, allocated {allocated}");
        Assert.That(estimate.FirstOrderBytes, Is.InRange(allocated / 2, allocated * 2));
    }
}
