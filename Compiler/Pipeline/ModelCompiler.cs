using System.Collections.Immutable;
using System.Diagnostics;
using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.FirstOrder;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Pipeline;

/// <summary>
/// Checked model → data → patterns (<see cref="Prepare"/>) → one conic program (<see cref="Lower"/>) or, for the
/// first-order route, the structured lowering instead (<see cref="WithoutStandardForm"/>). Each stage hands the next an
/// immutable value and stops the chain with diagnostics, never an exception, when the user's input is at fault.
/// </summary>
public static class ModelCompiler
{
    public static (CompiledModel? Compiled, ImmutableArray<Diagnostic> Diagnostics) Compile(
        Model model, CancellationToken cancellation = default, CompileOptions? options = null)
    {
        var (prepared, diagnostics) = Prepare(model, cancellation, options);
        return (prepared is null ? null : Lower(prepared, cancellation, options), diagnostics);
    }

    /// <summary>Data and patterns, with the size checks before enumeration and before lowering; no program yet.</summary>
    public static (PreparedModel? Prepared, ImmutableArray<Diagnostic> Diagnostics) Prepare(
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
        // The CSV's text cells (tens of bytes per cell, against 8 for the bound number) are garbage now.
        PhaseGarbage.Release(PhaseGarbage.TextCellBytes(data.Samples, data.Features + data.Outputs));

        clock.Restart();
        if (SizeRefusal(options?.SizeCheck is null ? null : architecture.EstimateSize(model, data, null), options) is { } tooLargeToEnumerate)
        {
            bag.Add(tooLargeToEnumerate);
            return (null, bag.ToImmutableSorted());
        }
        var (patterns, patternDiagnostics) = architecture.BuildPatterns(model, data, cancellation, options?.EnumerationProgress);
        bag.AddRange(patternDiagnostics);
        if (patterns is null) return (null, bag.ToImmutableSorted());
        var patternTime = clock.Elapsed;
        var estimate = architecture.EstimateSize(model, data, patterns);
        if (SizeRefusal(estimate, options) is { } tooLargeToLower)
        {
            bag.Add(tooLargeToLower);
            return (null, bag.ToImmutableSorted());
        }
        return (new PreparedModel(model, architecture, data, patterns, estimate, bindTime, patternTime), bag.ToImmutableSorted());
    }

    /// <summary>The standard-form program (math.md §1) of a prepared model.</summary>
    public static CompiledModel Lower(PreparedModel prepared, CancellationToken cancellation = default, CompileOptions? options = null)
    {
        var clock = Stopwatch.StartNew();
        options?.LoweringStarted?.Invoke(prepared.Patterns.Count);
        var lowered = prepared.Architecture.Lower(prepared.Model, prepared.Data, prepared.Patterns);
        var lowerTime = clock.Elapsed;
        // Lowering itself does not poll the token; a stop asked for meanwhile must not start the solve.
        cancellation.ThrowIfCancellationRequested();
        return new CompiledModel(prepared.Model, prepared.Data, prepared.Patterns, lowered, prepared.BindTime, prepared.PatternTime, lowerTime);
    }

    /// <summary>The first-order route: the structured lowering stands in for the program, and no standard form is built.</summary>
    public static CompiledModel WithoutStandardForm(PreparedModel prepared, StructuredLowering structured, TimeSpan lowerTime) =>
        new(prepared.Model, prepared.Data, prepared.Patterns, null, prepared.BindTime, prepared.PatternTime, lowerTime)
        {
            Structured = structured,
            UnbuiltShape = prepared.Estimate?.Program,
            ArchitectureName = prepared.Architecture.Name,
        };

    private static Diagnostic? SizeRefusal(Architectures.Sizing.SizeEstimate? estimate, CompileOptions? options) =>
        options?.SizeCheck is { } check && estimate is not null ? check(estimate) : null;

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
