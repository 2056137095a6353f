using System.CommandLine;
using System.Diagnostics;
using ConicDsl.Backends;
using ConicDsl.Cli.Limits;
using ConicDsl.Cli.Plotting;
using ConicDsl.Cli.RegularizationPaths;
using ConicDsl.Cli.Reporting;
using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.Architectures.Sizing;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Cli.Commands;

/// <summary><c>conicdsl solve FILE.cnn [--json] [--quiet] [-o DIR] [--backend NAME] [--time-limit S] [--memory-limit SIZE]
/// [--plot FILE.png [--plot-size WxH]] [--plot-convergence FILE.png]</c></summary>
public static class SolveCommand
{
    public static Command Create(Func<CliContext> context)
    {
        var file = new Argument<string>("file") { Description = "the .cnn model file" };
        var json = new Option<bool>("--json") { Description = "print the report as one JSON object" };
        var output = new Option<string?>("--output", "-o") { Description = "write network.json and problem.json into this folder" };
        var backend = new Option<string?>("--backend") { Description = "solve with this backend instead of the model's; 'all' compares every backend" };
        var timeLimit = new Option<double?>("--time-limit") { Description = "stop the solver after this many seconds" };
        var plot = new Option<string?>("--plot") { Description = "draw a PNG: the 1-D fit with its knots, 2-D decision regions, or a regularization path (docs/cli.md)" };
        var plotSize = new Option<string>("--plot-size")
        {
            Description = $"the PNG's size in pixels, WIDTHxHEIGHT (default {PlotSize.Default})",
            DefaultValueFactory = _ => PlotSize.Default.ToString(),
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "no progress lines on stderr (--json implies it)" };
        var memoryLimit = new Option<string?>("--memory-limit")
        {
            Description = "refuse programs whose estimated memory exceeds SIZE (e.g. 4G, 512M; default: half of the available memory)",
        };
        var convergence = new Option<string?>("--plot-convergence") { Description = "draw the solver's residuals and gap per iteration as a PNG (native)" };
        var command = new Command("solve", "solve a model to global optimality and report the recovered network")
        {
            file, json, output, backend, timeLimit, plot, plotSize, quiet, memoryLimit, convergence,
        };
        command.SetAction(parse =>
        {
            var ctx = context();
            ctx = ctx with { ShowProgress = ctx.ShowProgress && !parse.GetValue(json) && !parse.GetValue(quiet) };
            return Run(parse.GetValue(file)!, parse.GetValue(json), parse.GetValue(output), parse.GetValue(backend),
                parse.GetValue(timeLimit), ctx, parse.GetValue(plot), parse.GetValue(plotSize),
                parse.GetValue(memoryLimit), parse.GetValue(convergence));
        });
        return command;
    }

    public static int Run(string path, bool json, string? output, string? backendName, double? timeLimit, CliContext context,
        string? plotPath = null, string? plotSizeText = null, string? memoryLimitText = null, string? convergencePath = null)
    {
        long? memoryLimit = null;
        if (memoryLimitText is not null && (memoryLimit = MemoryLimit.Parse(memoryLimitText)) is null)
        {
            context.Error.WriteLine($"error: --memory-limit '{memoryLimitText}' is not a size: a number of bytes with an optional unit K, M, G or T (binary), e.g. 4G");
            return ExitCodes.BadInput;
        }
        var plotSize = plotSizeText is null ? PlotSize.Default : PlotSize.Parse(plotSizeText);
        if (plotSize is not { } size)
        {
            context.Error.WriteLine($"error: --plot-size '{plotSizeText}' is not WIDTHxHEIGHT with each side from {PlotSize.Smallest} to {PlotSize.Largest} pixels, e.g. 800x600");
            return ExitCodes.BadInput;
        }
        var model = ModelLoading.Load(path, context);
        if (model is null) return ExitCodes.BadInput;
        var name = backendName ?? model.Solver.Backend;
        if (name == "all")
        {
            if (plotPath is not null || convergencePath is not null || model.Regularizer.Path is not null)
            {
                context.Error.WriteLine($"error: --backend all compares backends on one solve; it cannot be combined with {(plotPath is not null ? "--plot" : convergencePath is not null ? "--plot-convergence" : "a regularization path")}");
                return ExitCodes.BadInput;
            }
            var all = ModelLoading.Compile(model, context);
            if (all is null) return ExitCodes.BadInput;
            // A comparison must end: each backend gets 60 s unless --time-limit says otherwise (SCIP, a branch-and-bound
            // solver, does not finish the examples' cone programs in minutes).
            double perBackend = timeLimit ?? BackendComparison.DefaultTimeLimitSeconds;
            var entries = BackendComparison.Run(all, b => Settings(model.Solver, b.Name, perBackend), context);
            if (json) context.Out.WriteLine(ComparisonReport.WriteJson(model.Name, entries));
            else ComparisonReport.WriteText(model.Name, entries, context.Out);
            return entries.Any(e => e.Report is not null) && entries.All(e => e.Report is null || e.Report.IsOptimal)
                ? ExitCodes.Success : ExitCodes.NotOptimal;
        }
        var backend = BackendRegistry.Find(name);
        if (backend is null)
        {
            context.Error.WriteLine($"error: unknown backend '{name}'; known: {string.Join(", ", BackendRegistry.All.Select(b => b.Name))}, or 'all'");
            return ExitCodes.BadInput;
        }
        if (backend is IExternalBackend external && external.MissingReason() is { } missing)
        {
            context.Error.WriteLine($"error: backend '{backend.Name}' is not available: {missing}");
            return ExitCodes.BackendUnavailable;
        }
        var settings = Settings(model.Solver, backend.Name, timeLimit);
        var guard = new CompileOptions
        {
            SizeCheck = estimate => SizeGuard.BeforeLowering(estimate, model, backend, memoryLimit, FirstOrderExpected(backend, settings, estimate),
                settings, standardFormToo: model.Regularizer.Path is not null),
        };
        var prepared = ModelLoading.Prepare(model, context, guard);
        if (prepared is null) return ExitCodes.BadInput;
        var (choice, choiceTime) = NativeChoice(prepared, backend, settings);
        if (choice?.Refusal is not null)
        {
            ModelLoading.Print([MethodRefusal(model, choice)], context);
            return ExitCodes.BadInput;
        }
        CompiledModel compiled;
        // A regularization path lowers the standard form once per β and chooses per β (SolveWorkflow).
        if (choice?.Lowering is { } structured && model.Regularizer.Path is null)
            compiled = ModelCompiler.WithoutStandardForm(prepared, structured, choiceTime);
        else
        {
            compiled = ModelLoading.Lower(prepared, context);
            var rejection = backend.Rejects(compiled.Lowered.Program);
            if (rejection is not null)
            {
                context.Error.WriteLine($"error: backend '{backend.Name}' cannot solve this program: {rejection}");
                return ExitCodes.BadInput;
            }
            if (SizeGuard.Check(compiled, backend, memoryLimit, FirstOrderBytes(compiled, backend, settings), settings) is { } tooLarge)
            {
                ModelLoading.Print([tooLarge], context);
                return ExitCodes.BadInput;
            }
        }
        if (model.Regularizer.Path is { } betaPath)
        {
            if (convergencePath is not null)
            {
                context.Error.WriteLine("error: --plot-convergence draws one solve; a regularization path has one per beta");
                return ExitCodes.BadInput;
            }
            return RunPath(compiled, betaPath, backend, settings, json, output, plotPath, size, context);
        }
        var report = SolveWorkflow.Run(compiled, backend, settings, output, context, choice: choice);
        var plotted = plotPath is null ? PlotOutcome.NoPlotKind : PlotOutput.Write(() => SolutionPlot.Draw(report), plotPath, size, context);
        if (plotted == PlotOutcome.Written) report = report with { WrittenFiles = [.. report.WrittenFiles, plotPath!] };
        var converged = convergencePath is null ? PlotOutcome.NoPlotKind
            : PlotOutput.Write(() => ConvergencePlot.Draw(report), convergencePath, size, context, "--plot-convergence");
        if (converged == PlotOutcome.Written) report = report with { WrittenFiles = [.. report.WrittenFiles, convergencePath!] };
        if (json) context.Out.WriteLine(JsonReport.Write(report));
        else TextReport.Write(report, context.Out);
        if (plotted == PlotOutcome.Failed || converged == PlotOutcome.Failed) return ExitCodes.BadInput;
        return report.IsOptimal ? ExitCodes.Success : ExitCodes.NotOptimal;
    }

    /// <summary>A model with <c>regularize … path</c>: one solve per β (docs/cli.md, "Regularization paths").</summary>
    private static int RunPath(CompiledModel compiled, RegularizationPath path, ISolverBackend backend, SolverSettings settings,
        bool json, string? output, string? plotPath, PlotSize size, CliContext context)
    {
        var report = PathWorkflow.Run(compiled, path, backend, settings, output, context);
        var plotted = plotPath is null ? PlotOutcome.NoPlotKind
            : PlotOutput.Write(() => (RegularizationPathPlot.Draw(report), null), plotPath, size, context);
        if (plotted == PlotOutcome.Written) report = report with { WrittenFiles = [.. report.WrittenFiles, plotPath!] };
        if (json) context.Out.WriteLine(PathJsonReport.Write(report));
        else PathTextReport.Write(report, context.Out);
        if (plotted == PlotOutcome.Failed) return ExitCodes.BadInput;
        return report.AllOptimal ? ExitCodes.Success : ExitCodes.NotOptimal;
    }

    /// <summary>Before lowering: whether <c>solve native method …</c> will take the first-order route — fista or al asked
    /// for, or auto on a program above <see cref="NativeMethodChoice.AutoIpmLimit"/> variables.</summary>
    private static bool FirstOrderExpected(ISolverBackend backend, SolverSettings settings, SizeEstimate estimate) =>
        backend.Name == "native" && settings.Words.TryGetValue(NativeMethodChoice.Option, out var method) &&
        (method is "fista" or "al" || (method == NativeMethodChoice.Auto && estimate.Program.Variables > NativeMethodChoice.AutoIpmLimit));

    /// <summary>On the built program: the first-order route's memory when that route is expected (the architecture's
    /// estimate for the patterns found: popcounts, nothing of the route itself is allocated), else null.</summary>
    private static long? FirstOrderBytes(CompiledModel compiled, ISolverBackend backend, SolverSettings settings)
    {
        var architecture = ArchitectureRegistry.Find(compiled.Model.Network.Architecture);
        if (backend.Name != "native" || !settings.Words.ContainsKey(NativeMethodChoice.Option) || architecture is null) return null;
        var estimate = architecture.EstimateSize(compiled.Model, compiled.Data, compiled.Patterns);
        return estimate is not null && FirstOrderExpected(backend, settings, estimate) ? estimate.FirstOrderBytes : null;
    }

    /// <summary>With <c>solve native method …</c>: the method, chosen before lowering (and the structured lowering's
    /// time, when that route is taken); null for any other solve.</summary>
    private static (NativeMethodChoice.Choice? Choice, TimeSpan Time) NativeChoice(PreparedModel prepared, ISolverBackend backend,
        SolverSettings settings)
    {
        if (backend.Name != "native" || !settings.Words.TryGetValue(NativeMethodChoice.Option, out var method)) return (null, default);
        var clock = Stopwatch.StartNew();
        var choice = NativeMethodChoice.Choose(prepared, method);
        return (choice, clock.Elapsed);
    }

    /// <summary>An explicit <c>method fista|al</c> the model cannot take, located at the option's value.</summary>
    private static Diagnostic MethodRefusal(Model model, NativeMethodChoice.Choice choice)
    {
        var option = model.Solver.Options.First(o => o.Name == NativeMethodChoice.Option);
        return Diagnostic.Error(DiagnosticIds.BadSolverOption, option.ValueSpan, $"method {choice.Method} cannot solve this model: {choice.Refusal}",
            "use 'method ipm' (the default) or 'method auto'");
    }

    /// <summary>The model's solve options apply only when the model's backend is the one used.</summary>
    internal static SolverSettings Settings(SolverSpec spec, string backend, double? timeLimit)
    {
        var settings = new SolverSettings { TimeLimitSeconds = timeLimit };
        if (spec.Backend != backend) return settings;
        var extra = new Dictionary<string, double>();
        var words = new Dictionary<string, string>();
        foreach (var option in spec.Options)
        {
            if (option.Number is not double value)
            {
                words[option.Name] = option.RawValue;
                continue;
            }
            switch (option.Name)
            {
                case "tolerance": settings = settings with { Tolerance = value }; break;
                case "max_iters": settings = settings with { MaxIterations = (int)value }; break;
                case "time_limit": settings = settings with { TimeLimitSeconds = timeLimit ?? value }; break;
                default: extra[option.Name] = value; break;
            }
        }
        return settings with { Options = extra, Words = words };
    }
}
