using System.Collections.Immutable;
using System.Diagnostics;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Lowerings;
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
        Model model, CancellationToken cancellation = default)
    {
        var bag = new DiagnosticBag();
        if (!TwoLayerReluLowering.Accepts(model))
        {
            bag.Add(Diagnostic.Error(DiagnosticIds.UnsupportedNetwork, model.Network.Span,
                "no lowering for this network; version 1 lowers 'input [bias [unregularized]]', one 'relu M' layer and 'output 1'"));
            return (null, bag.ToImmutableSorted());
        }
        var clock = Stopwatch.StartNew();
        var (data, dataDiagnostics) = DataBinder.Bind(model);
        bag.AddRange(dataDiagnostics);
        if (data is null) return (null, bag.ToImmutableSorted());
        var bindTime = clock.Elapsed;

        clock.Restart();
        var design = data.DesignMatrix(model.Network.Bias != BiasMode.None);
        var (patterns, patternDiagnostics) = PatternStage.Build(model.Patterns, design, cancellation);
        bag.AddRange(patternDiagnostics);
        if (patterns is null) return (null, bag.ToImmutableSorted());
        var patternTime = clock.Elapsed;

        clock.Restart();
        var lowered = TwoLayerReluLowering.Lower(model, data, patterns);
        var lowerTime = clock.Elapsed;
        return (new CompiledModel(model, data, patterns, lowered, bindTime, patternTime, lowerTime), bag.ToImmutableSorted());
    }
}
