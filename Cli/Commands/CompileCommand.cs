using System.CommandLine;
using ConicDsl.Cli.Limits;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Compiler.IO;
using ConicDsl.Conic;
using ConicDsl.Conic.Formats;

namespace ConicDsl.Cli.Commands;

/// <summary>
/// <c>conicdsl compile FILE.cnn [--format json|cbf|scs-json|sdpa|mps] [-o FILE] [--memory-limit SIZE]</c>: prints the program's sizes and
/// writes it in the chosen format (<see cref="ProgramFormats"/>; default json).
/// </summary>
public static class CompileCommand
{
    public static Command Create(Func<CliContext> context)
    {
        var file = new Argument<string>("file") { Description = "the .cnn model file" };
        var output = new Option<string?>("--output", "-o") { Description = "where to write the program (default: NAME plus the format's extension, e.g. NAME.conic.json, in the current folder)" };
        var format = new Option<string>("--format", "-f")
        {
            Description = $"file format: {string.Join(", ", ProgramFormats.All.Select(f => f.Name))} (default json; see docs/formats.md)",
            DefaultValueFactory = _ => "json",
        };
        var memoryLimit = new Option<string?>("--memory-limit")
        {
            Description = "refuse programs whose estimated memory (data, patterns, lowering, the written text) exceeds SIZE (e.g. 4G, 512M; default: half of the available memory)",
        };
        var command = new Command("compile", "lower a model to its standard-form conic program and write it (JSON, CBF, SCS's JSON, ...)") { file, output, format, memoryLimit };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(output), context(), parse.GetValue(format) ?? "json",
            parse.GetValue(memoryLimit)));
        return command;
    }

    public static int Run(string path, string? output, CliContext context, string formatName = "json", string? memoryLimitText = null)
    {
        long? memoryLimit = null;
        if (memoryLimitText is not null && (memoryLimit = MemoryLimit.Parse(memoryLimitText)) is null)
        {
            context.Error.WriteLine($"error: --memory-limit '{memoryLimitText}' is not a size: a number of bytes with an optional unit K, M, G or T (binary), e.g. 4G");
            return ExitCodes.BadInput;
        }
        // Decided before compiling: a wrong name should not cost a compilation.
        var format = ProgramFormats.Find(formatName);
        if (format is null)
        {
            context.Error.WriteLine($"error: unknown format '{formatName}'; available: {string.Join(", ", ProgramFormats.All.Select(f => f.Name))}");
            return ExitCodes.BadInput;
        }
        var model = ModelLoading.Load(path, context);
        if (model is null) return ExitCodes.BadInput;
        // The same size guard as solve's (docs/robustness.md, "Size guard"), with writing the text in the solver's place.
        var guard = new CompileOptions { SizeCheck = estimate => SizeGuard.BeforeWriting(estimate, model, memoryLimit) };
        var compiled = ModelLoading.Compile(model, context, guard);
        if (compiled is null) return ExitCodes.BadInput;
        if (SizeGuard.CheckWriting(compiled, memoryLimit) is { } tooLarge)
        {
            ModelLoading.Print([tooLarge], context);
            return ExitCodes.BadInput;
        }
        var program = compiled.Lowered.Program;
        if (ProgramFormats.Refusal(format, program) is string refusal)
        {
            context.Error.WriteLine($"error: {refusal}");
            return ExitCodes.BadInput;
        }
        var target = output ?? $"{model.Name}{format.Extension}";
        AtomicFile.WriteAllText(target, format.Write(program));
        var o = context.Out;
        o.WriteLine($"model      {model.Name}: {compiled.Lowered.Architecture}, {compiled.Patterns.Count} patterns");
        o.WriteLine($"variables  {program.Variables}");
        o.WriteLine($"rows       {program.Constraints} ({program.Cones})");
        o.WriteLine($"nonzeros   A {program.A.NonZeros}, P {program.P?.NonZeros ?? 0}");
        foreach (var block in program.VariableBlocks) o.WriteLine($"  x[{block.Offset}..{block.Offset + block.Length}) {block.Name}");
        if (format.Name == "cbf" && program.HasQuadraticObjective)
            o.WriteLine("note       CBF has no quadratic objective: 1/2 x'Px is written as an epigraph variable and a second-order cone");
        if (model.Regularizer.Path is { } betaPath)
            o.WriteLine($"note       the model has a regularization path; this is the program at its first beta ({betaPath.From.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}); 'solve' runs all {betaPath.Steps}");
        o.WriteLine($"wrote      {target} ({format.Name})");
        return ExitCodes.Success;
    }
}
