using System.CommandLine;
using ConicDsl.Cli.Commands;

namespace ConicDsl.Cli;

/// <summary>The command tree and the last line of defence that turns a bug into exit code 4 without a stack trace.</summary>
public static class CliApplication
{
    static CliApplication()
    {
        Conic.Formats.ProgramFormats.Register(new Conic.Formats.ProgramFormat("mps", ".mps",
            "MPS, for linear programs only (written by OR-Tools' exporter)", Backends.OrTools.MpsExport.ToMps, Backends.OrTools.MpsExport.Rejects));
    }

    public static int Run(string[] args, CliContext context)
    {
        bool verbose = args.Contains("--verbose");
        var filtered = args.Where(a => a != "--verbose").ToArray();
        // Handled here rather than by System.CommandLine's built-in option, which prints only the tool's version.
        if (filtered is ["--version"]) return VersionReport.Run(context);
        // No command prints progress next to a JSON report (solve's --quiet is handled by solve).
        if (filtered.Contains("--json")) context = context with { ShowProgress = false };
        var root = new RootCommand("ConicDsl: train neural networks to global optimality through their exact convex programs")
        {
            SolveCommand.Create(() => context),
            CompileCommand.Create(() => context),
            ArrangementsCommand.Create(() => context),
            CertifyCommand.Create(() => context),
            ExplainCommand.Create(() => context),
            PredictCommand.Create(() => context),
        };
        var parse = root.Parse(filtered);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) context.Error.WriteLine($"error: {error.Message}");
            context.Error.WriteLine("run 'conicdsl --help' for usage");
            return ExitCodes.BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("interrupted");
            return ExitCodes.NotOptimal;
        }
        catch (Compiler.Patterns.Z3UnavailableException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BackendUnavailable;
        }
        catch (Exception e)
        {
            context.Error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            context.Error.WriteLine(verbose ? e.ToString() : "this is a bug in ConicDsl; please report it with the model and data (run with --verbose for details)");
            return ExitCodes.InternalError;
        }
    }
}
