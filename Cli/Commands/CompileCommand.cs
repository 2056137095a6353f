using System.CommandLine;
using ConicDsl.Compiler.IO;
using ConicDsl.Conic;

namespace ConicDsl.Cli.Commands;

/// <summary><c>conicdsl compile FILE.cnn [-o FILE]</c>: prints the program's sizes and writes it as JSON.</summary>
public static class CompileCommand
{
    public static Command Create(Func<CliContext> context)
    {
        var file = new Argument<string>("file") { Description = "the .cnn model file" };
        var output = new Option<string?>("--output", "-o") { Description = "where to write the program (default: NAME.conic.json in the current folder)" };
        var command = new Command("compile", "lower a model to its standard-form conic program and write it as JSON") { file, output };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(output), context()));
        return command;
    }

    public static int Run(string path, string? output, CliContext context)
    {
        var model = ModelLoading.Load(path, context);
        if (model is null) return ExitCodes.BadInput;
        var compiled = ModelLoading.Compile(model, context);
        if (compiled is null) return ExitCodes.BadInput;
        var program = compiled.Lowered.Program;
        var target = output ?? $"{model.Name}.conic.json";
        AtomicFile.WriteAllText(target, ConicProgramJson.Write(program));
        var o = context.Out;
        o.WriteLine($"model      {model.Name}: {compiled.Lowered.Architecture}, {compiled.Patterns.Count} patterns");
        o.WriteLine($"variables  {program.Variables}");
        o.WriteLine($"rows       {program.Constraints} ({program.Cones})");
        o.WriteLine($"nonzeros   A {program.A.NonZeros}, P {program.P?.NonZeros ?? 0}");
        foreach (var block in program.VariableBlocks) o.WriteLine($"  x[{block.Offset}..{block.Offset + block.Length}) {block.Name}");
        o.WriteLine($"wrote      {target}");
        return ExitCodes.Success;
    }
}
