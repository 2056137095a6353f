using System.Collections.Immutable;
using System.Diagnostics;
using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.Data;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Pipeline;

/// <summary>
/// Checked model → data → patterns → one conic program. Each stage hands the next an immutable value and
/// stops the chain with diagnostics, never an exception, when the user's input is at fault.
/// </summary>
public static class ModelCompiler
{
    public static (CompiledModel? Compiled, ImmutableArray<Diagnostic> Diagnostics) Compile(
        Model model, CancellationToken cancellation = default, CompileOptions? options = null)
    {
        var bag = new DiagnosticBag();
        var architecture = ArchitectureRegistry.Find(model.Network.Architecture);
        if (architecture is null)
        {
            bag.Add(Diagnostic.Error(DiagnosticIds.UnsupportedNetwork, model.Network.Span,
                "no lowering for this network", "see docs/architectures.md for the networks ConicDsl lowers"));
            return (null, bag.ToImmutableSorted());
        }
        var clock = Stopwatch.StartNew();
        var (data, dataDiagnostics) = Bind(model);
        bag.AddRange(dataDiagnostics);
        if (data is null) return (null, bag.ToImmutableSorted());
        var bindTime = clock.Elapsed;

        clock.Restart();
        if (SizeRefusal(architecture, model, data, null, options) is { } tooLargeToEnumerate)
        {
            bag.Add(tooLargeToEnumerate);
            return (null, bag.ToImmutableSorted());
        }
        var (patterns, patternDiagnostics) = architecture.BuildPatterns(model, data, cancellation, options?.EnumerationProgress);
        bag.AddRange(patternDiagnostics);
        if (patterns is null) return (null, bag.ToImmutableSorted());
        var patternTime = clock.Elapsed;
        if (SizeRefusal(architecture, model, data, patterns, options) is { } tooLargeToLower)
        {
            bag.Add(tooLargeToLower);
            return (null, bag.ToImmutableSorted());
        }

        clock.Restart();
        options?.LoweringStarted?.Invoke(patterns.Count);
        var lowered = architecture.Lower(model, data, patterns);
        var lowerTime = clock.Elapsed;
        // Lowering itself does not poll the token; a stop asked for meanwhile must not start the solve.
        cancellation.ThrowIfCancellationRequested();
        return (new CompiledModel(model, data, patterns, lowered, bindTime, patternTime, lowerTime), bag.ToImmutableSorted());
    }

    private static Diagnostic? SizeRefusal(IArchitecture architecture, Model model, Dataset data, Patterns.PatternSet? patterns,
        CompileOptions? options) =>
        options?.SizeCheck is { } check && architecture.EstimateSize(model, data, patterns) is { } estimate ? check(estimate) : null;

    /// <summary>Binds the data and checks it against the declared input shape.</summary>
    public static (Dataset? Data, ImmutableArray<Diagnostic> Diagnostics) Bind(Model model)
    {
        var (data, diagnostics) = DataBinder.Bind(model);
        if (data is null) return (null, diagnostics);
        var input = model.Network.Input;
        if (input.FeatureCount is int expected && data.Features != expected)
        {
            var shape = input.Shape == InputShape.Signal
                ? $"signal of length {input.Dimensions[0]}"
                : $"image {input.Dimensions[0]} x {input.Dimensions[1]}";
            var error = Diagnostic.Error(DiagnosticIds.InputShapeMismatch, input.Span,
                $"the input is a {shape} with {input.Channels} channel(s), which needs {expected} feature columns, but the data has {data.Features}",
                $"declare the shape of the data's rows (e.g. 'input signal {data.Features}'), or list the feature columns with 'features …'");
            return (null, diagnostics.Add(error));
        }
        return (data, diagnostics);
    }
}
