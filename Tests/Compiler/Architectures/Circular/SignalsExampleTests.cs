using System.Collections.Immutable;
using ConicDsl.Backends;
using ConicDsl.Backends.Native;
using ConicDsl.Compiler.Architectures.Circular;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Text;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Architectures.Circular;

/// <summary>
/// Examples/signals_circular.cnn on Examples/signals.csv (Examples/make_data.py: one tone of 3 cycles per 16
/// samples, label = its amplitude), built directly as the parser would read it. The data excite only the
/// frequency pair ±3, so every optimal filter lives there (docs/architectures.md).
/// </summary>
public class SignalsExampleTests
{
    [Test]
    public void OptimalFiltersUseOnlyTheTonesFrequencyPair()
    {
        var folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "Examples");
        var none = SourceSpan.None("signals_circular.cnn");
        var model = Models.WithNetwork(Path.Combine(folder, "signals_circular.cnn"), "signals.csv", "label",
            Models.Network(CircularModels.Input(1, 16, 1), new CircularCnnArchitecture(ImmutableArray.Create(CircularModels.Conv(1, 16, 32)), true)),
            LossKind.Squared, 0.001, new SampledPatterns(100, 1, none));
        var (compiled, diagnostics) = ModelCompiler.Compile(model);
        Assert.That(compiled, Is.Not.Null, string.Join("\n", diagnostics.Select(d => d.FormatWithHint())));
        var result = new NativeBackend().Solve(compiled!.Lowered.Program, new SolverSettings());
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Optimal), result.Message);
        var recovery = compiled.Lowered.Recovery.Recover(result.X.AsSpan());
        double recovered = compiled.Lowered.Recovery.Objective(recovery.Network);
        var fact = CircularModels.Fact(recovery, ActiveFrequencies.Key);
        TestContext.Out.WriteLine($"patterns {compiled.Patterns.Count}, variables {compiled.Lowered.Program.Variables}, convex {result.PrimalObjective:G10}, recovered {recovered:G10}, units {recovery.Network.Units}, active frequencies {fact.Text}");
        Assert.That(recovered, Is.EqualTo(result.PrimalObjective).Within(1e-6 * result.PrimalObjective));
        Assert.That(fact.Json!.AsArray().Select(e => (int)e!["frequency"]!), Is.EqualTo(new[] { 3 }));
        Assert.That(recovery.Network.Units, Is.LessThanOrEqualTo(32), "the declared width suffices");
        Assert.That(recovery.Network.LayersJson().Select(l => (string)l!["kind"]!),
            Is.EqualTo(new[] { "circular_correlation", "dense_relu_per_chain", "dense_linear" }));
    }
}
