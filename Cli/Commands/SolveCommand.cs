using System.CommandLine;
using ConicDsl.Backends;
using ConicDsl.Cli.Reporting;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Cli.Commands;

/// <summary><c>conicdsl solve FILE.cnn [--json] [-o DIR] [--backend NAME] [--time-limit S]</c></summary>
public static class SolveCommand
{
    public static Command Create(Func<CliContext> context)
    {
        var file = new Argument<string>("file") { Description = "the .cnn model file" };
        var json = new Option<bool>("--json") { Description = "print the report as one JSON object" };
        var output = new Option<string?>("--output", "-o") { Description = "write network.json and problem.json into this folder" };
        var backend = new Option<string?>("--backend") { Description = "solve with this backend instead of the model's; 'all' compares every backend" };
        var timeLimit = new Option<double?>("--time-limit") { Description = "stop the solver after this many seconds" };
        var command = new Command("solve", "solve a model to global optimality and report the recovered network")
        {
            file, json, output, backend, timeLimit,
        };
        command.SetAction(parse => Run(
            parse.GetValue(file)!, parse.GetValue(json), parse.GetValue(output), parse.GetValue(backend),
            parse.GetValue(timeLimit), context()));
        return command;
    }

    public static int Run(string path, bool json, string? output, string? backendName, double? timeLimit, CliContext context)
    {
        var model = ModelLoading.Load(path, context);
        if (model is null) return ExitCodes.BadInput;
        var name = backendName ?? model.Solver.Backend;
        if (name == "all")
        {
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
        var compiled = ModelLoading.Compile(model, context);
        if (compiled is null) return ExitCodes.BadInput;
        var rejection = backend.Rejects(compiled.Lowered.Program);
        if (rejection is not null)
        {
            context.Error.WriteLine($"error: backend '{backend.Name}' cannot solve this program: {rejection}");
            return ExitCodes.BadInput;
        }
        var settings = Settings(model.Solver, backend.Name, timeLimit);
        var report = SolveWorkflow.Run(compiled, backend, settings, output, context);
        if (json) context.Out.WriteLine(JsonReport.Write(report));
        else TextReport.Write(report, context.Out);
        return report.IsOptimal ? ExitCodes.Success : ExitCodes.NotOptimal;
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
