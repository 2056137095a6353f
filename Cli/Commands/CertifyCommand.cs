using System.CommandLine;
using ConicDsl.Backends;
using ConicDsl.Cli.Reporting;
using ConicDsl.Compiler.Certificates;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Cli.Commands;

/// <summary>
/// <c>conicdsl certify FILE.cnn NETWORK.json [--json] [--backend NAME]</c>: is a given two-layer ReLU network a global
/// minimum of the model's training problem (math.md §10.2)? Exit 0 when it is certified globally optimal, 1 when it is
/// not (or only relative to sampled patterns, or undecided), 2 for bad input, 3 when the backend is missing.
/// </summary>
public static class CertifyCommand
{
    public static Command Create(Func<CliContext> context)
    {
        var file = new Argument<string>("file") { Description = "the .cnn model file (data, loss, beta, bias, patterns)" };
        var network = new Argument<string>("network") { Description = "the network to certify: a network.json written by 'solve', or hand-written (docs/formats.md)" };
        var json = new Option<bool>("--json") { Description = "print the report as one JSON object" };
        var backend = new Option<string?>("--backend") { Description = "solve the convex program with this backend instead of the model's" };
        var command = new Command("certify", "decide whether a two-layer ReLU network is a global minimum, and how far from it it is")
        {
            file, network, json, backend,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(network)!, parse.GetValue(json), parse.GetValue(backend), context()));
        return command;
    }

    public static int Run(string path, string networkPath, bool json, string? backendName, CliContext context)
    {
        var model = ModelLoading.Load(path, context);
        if (model is null) return ExitCodes.BadInput;
        if (OptimalityCertifier.Refuses(model) is { } refusal)
        {
            context.Error.WriteLine($"{path}: error: cannot certify this model: {refusal}");
            return ExitCodes.BadInput;
        }
        var name = backendName ?? model.Solver.Backend;
        var backend = BackendRegistry.Find(name);
        if (backend is null)
        {
            context.Error.WriteLine($"error: unknown backend '{name}'; known: {string.Join(", ", BackendRegistry.All.Select(b => b.Name))}");
            return ExitCodes.BadInput;
        }
        if (backend is IExternalBackend external && external.MissingReason() is { } missing)
        {
            context.Error.WriteLine($"error: backend '{backend.Name}' is not available: {missing}");
            return ExitCodes.BackendUnavailable;
        }
        var compiled = ModelLoading.Compile(model, context);
        if (compiled is null) return ExitCodes.BadInput;
        var (network, diagnostics) = TwoLayerNetworkFile.Read(networkPath, model, compiled.Data);
        ModelLoading.Print(diagnostics, context);
        if (network is null) return ExitCodes.BadInput;
        var program = compiled.Lowered.Program;
        if (backend.Rejects(program) is { } rejection)
        {
            context.Error.WriteLine($"error: backend '{backend.Name}' cannot solve this program: {rejection}");
            return ExitCodes.BadInput;
        }

        var solve = backend.Solve(program, SolveCommand.Settings(model.Solver, backend.Name, null), context.Cancellation);
        var targets = compiled.Data.Targets();
        var kinks = model.Loss.Kind == LossKind.Hinge
            ? ConvexDualResidual.HingeKinkMultipliers(program, solve.Y, targets)
            : default;
        var certificate = OptimalityCertifier.Certify(model, compiled.Data, compiled.Patterns, network, kinks.IsDefault ? default : kinks.AsSpan());
        var decision = OptimalityDecision.Decide(certificate, model.Loss.Kind, solve.PrimalObjective, solve.Status == SolveStatus.Optimal);
        var report = new CertifyReport(compiled, networkPath, solve, certificate, decision);
        if (json) context.Out.WriteLine(CertifyReportWriter.WriteJson(report));
        else CertifyReportWriter.WriteText(report, context.Out);
        return decision.GloballyOptimal == true ? ExitCodes.Success : ExitCodes.NotOptimal;
    }
}
