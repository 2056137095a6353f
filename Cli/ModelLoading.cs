using System.Globalization;
using ConicDsl.Backends;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Dsl;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Cli;

/// <summary>Reads a model file, checks it and compiles it, printing every diagnostic; null means "stop with exit 2".</summary>
public static class ModelLoading
{
    public static Model? Load(string path, CliContext context)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            context.Error.WriteLine($"{path}: error {DiagnosticIds.ModelFileUnreadable}: cannot read the model file: {e.Message}");
            return null;
        }
        var result = ModelFrontEnd.Load(path, text, BackendRegistry.Catalog());
        Print(result.Diagnostics, context);
        return result.Model;
    }

    /// <param name="options">The size check, if any; the progress line adds the enumeration's region count.</param>
    public static CompiledModel? Compile(Model model, CliContext context, CompileOptions? options = null)
    {
        // Pattern enumeration can take minutes (Z3): a heartbeat with the elapsed time, and the regions found so far.
        var progress = context.ShowProgress ? new Progress.ProgressLine(context.Error, context.ErrorIsTerminal, "compiling (data, patterns, program)", quiet: context.ProgressQuiet) : null;
        options ??= new CompileOptions();
        var (compiled, diagnostics) = progress is null
            ? ModelCompiler.Compile(model, context.Cancellation, options)
            : progress.Around(() => ModelCompiler.Compile(model, context.Cancellation, options with
            {
                EnumerationProgress = progress.Regions,
                LoweringStarted = count => progress.Stage(string.Create(CultureInfo.InvariantCulture, $"building the program over {count} patterns")),
            }));
        Print(diagnostics, context);
        return compiled;
    }

    /// <summary>Data and patterns (with the size checks), no program: the caller picks the lowering.</summary>
    public static PreparedModel? Prepare(Model model, CliContext context, CompileOptions? options = null)
    {
        var progress = context.ShowProgress ? new Progress.ProgressLine(context.Error, context.ErrorIsTerminal, "compiling (data, patterns)", quiet: context.ProgressQuiet) : null;
        options ??= new CompileOptions();
        var (prepared, diagnostics) = progress is null
            ? ModelCompiler.Prepare(model, context.Cancellation, options)
            : progress.Around(() => ModelCompiler.Prepare(model, context.Cancellation, options with { EnumerationProgress = progress.Regions }));
        Print(diagnostics, context);
        return prepared;
    }

    /// <summary>The standard-form program of a prepared model.</summary>
    public static CompiledModel Lower(PreparedModel prepared, CliContext context)
    {
        var progress = context.ShowProgress ? new Progress.ProgressLine(context.Error, context.ErrorIsTerminal, "compiling (program)", quiet: context.ProgressQuiet) : null;
        return progress is null
            ? ModelCompiler.Lower(prepared, context.Cancellation)
            : progress.Around(() => ModelCompiler.Lower(prepared, context.Cancellation, new CompileOptions
            {
                LoweringStarted = count => progress.Stage(string.Create(CultureInfo.InvariantCulture, $"building the program over {count} patterns")),
            }));
    }

    public static void Print(IEnumerable<Diagnostic> diagnostics, CliContext context)
    {
        foreach (var d in diagnostics) context.Error.WriteLine(d.FormatWithHint());
    }
}
