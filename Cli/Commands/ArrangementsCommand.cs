using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Cli.Commands;

/// <summary><c>conicdsl arrangements FILE.cnn [--json]</c>: how many sign patterns the model's data has.</summary>
public static class ArrangementsCommand
{
    public static Command Create(Func<CliContext> context)
    {
        var file = new Argument<string>("file") { Description = "the .cnn model file" };
        var json = new Option<bool>("--json") { Description = "print patterns, rank, bound and seconds as JSON" };
        var command = new Command("arrangements", "count the sign patterns of the model's hyperplane arrangement") { file, json };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(json), context()));
        return command;
    }

    public static int Run(string path, bool json, CliContext context)
    {
        var model = ModelLoading.Load(path, context);
        if (model is null) return ExitCodes.BadInput;
        var (data, diagnostics) = ModelCompiler.Bind(model);
        ModelLoading.Print(diagnostics, context);
        if (data is null) return ExitCodes.BadInput;
        var clock = Stopwatch.StartNew();
        var architecture = ArchitectureRegistry.Find(model.Network.Architecture);
        if (architecture is null)
        {
            context.Error.WriteLine($"{path}: error: no lowering is registered for this network");
            return ExitCodes.BadInput;
        }
        // Exact enumeration can take minutes: the live line counts regions (nothing with --json).
        var progress = context.ShowProgress && !json ? new Progress.ProgressLine(context.Error, context.ErrorIsTerminal, "arrangements") : null;
        var (patterns, patternDiagnostics) = progress is null
            ? architecture.BuildPatterns(model, data, context.Cancellation)
            : progress.Around(() => architecture.BuildPatterns(model, data, context.Cancellation, progress.Regions));
        ModelLoading.Print(patternDiagnostics, context);
        if (patterns is null) return ExitCodes.BadInput;
        double seconds = clock.Elapsed.TotalSeconds;
        if (json)
        {
            context.Out.WriteLine(new JsonObject
            {
                ["patterns"] = patterns.Count,
                ["source"] = patterns.Source,
                ["rank"] = patterns.Rank,
                ["bound"] = patterns.Bound,
                ["draws"] = patterns.Source == "sample" ? patterns.Draws : null,
                ["seconds"] = seconds,
            }.ToJsonString());
        }
        else
        {
            context.Out.WriteLine($"patterns   {patterns.Count} ({patterns.Source})");
            context.Out.WriteLine($"rank       {patterns.Rank}");
            context.Out.WriteLine(patterns.Rank == 0
                ? "bound      1 (the network has no ReLU: no hyperplanes, one region)"
                : $"bound      {patterns.Bound:N0} (regions of {patterns.Samples} hyperplanes in general position)");
            context.Out.WriteLine($"seconds    {seconds:0.000}");
        }
        return ExitCodes.Success;
    }
}
