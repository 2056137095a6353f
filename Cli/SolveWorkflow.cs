using System.Diagnostics;
using ConicDsl.Backends;
using ConicDsl.Cli.Reporting;
using ConicDsl.Compiler.IO;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Conic;

namespace ConicDsl.Cli;

/// <summary>Compiled model → backend → recovered network → report (and files). No mathematics of its own.</summary>
public static class SolveWorkflow
{
    /// <param name="progressLabel">What the progress line calls this solve (default: the backend's name).</param>
    /// <param name="choice">The native method chosen before lowering (SolveCommand); when absent, it is chosen here on
    /// the built standard form (a regularization path's β).</param>
    public static SolveReport Run(CompiledModel compiled, ISolverBackend backend, SolverSettings settings,
        string? outputDirectory, CliContext context, string? progressLabel = null, NativeMethodChoice.Choice? choice = null)
    {
        var progress = context.ShowProgress ? new Progress.ProgressLine(context.Error, context.ErrorIsTerminal, progressLabel ?? backend.Name) : null;
        SolveResult SolveConic() => progress is null
            ? backend.Solve(compiled.Lowered.Program, settings, context.Cancellation)
            : progress.Around(() => backend.Solve(compiled.Lowered.Program, settings with { Progress = progress }, context.Cancellation));

        if (choice is null && backend.Name == "native" && settings.Words.TryGetValue(NativeMethodChoice.Option, out var method))
            choice = NativeMethodChoice.Choose(compiled, method);
        if (choice is null) return Report(compiled, SolveConic(), compiled.Lowered.Recovery, outputDirectory, null);
        if (choice.Refusal is not null)
            return Report(compiled, new SolveResult { Status = SolveStatus.Error, Backend = backend.Name,
                Message = $"method {choice.Method}: {choice.Refusal}" }, null, outputDirectory, choice.Note);
        if (choice.Lowering is { } lowering)
        {
            var (foResult, _) = FirstOrderSolve.Run(lowering, settings, context.Cancellation);
            return Report(compiled, foResult, foResult.X.IsEmpty ? null : lowering.Recovery, outputDirectory, choice.Note)
                with { FirstOrder = true };
        }
        return Report(compiled, SolveConic(), compiled.Lowered.Recovery, outputDirectory, choice.Note);
    }

    /// <summary>Recovers the network from the solution of whichever route produced it (the map fits that route's
    /// layout) and writes the files.</summary>
    private static SolveReport Report(CompiledModel compiled, SolveResult result, IRecoveryMap? map,
        string? outputDirectory, string? method)
    {
        // On the first-order route there is no standard form: no problem.json either.
        var program = compiled.StandardForm?.Program;
        bool conic = program is not null && map == compiled.StandardForm!.Recovery;
        Recovery? recovery = null;
        double nonConvex = double.NaN, trainError = double.NaN;
        var loss = Compiler.Losses.LossFactory.Create(compiled.Model.Loss);
        if (map is not null && (!conic || result.X.Length == program!.Variables) && !result.X.IsEmpty
            && result.Status is SolveStatus.Optimal or SolveStatus.Inaccurate or SolveStatus.IterationLimit or SolveStatus.TimeLimit
                or SolveStatus.Interrupted)
        {
            recovery = map.Recover(result.X.AsSpan());
            nonConvex = map.Objective(recovery.Network);
            trainError = loss.TrainError(recovery.Network.Predict(compiled.Data), compiled.Data.Targets());
        }

        var written = new List<string>();
        if (outputDirectory is not null)
        {
            Directory.CreateDirectory(outputDirectory);
            if (program is not null)
            {
                var problemPath = Path.Combine(outputDirectory, "problem.json");
                AtomicFile.WriteAllText(problemPath, ConicProgramJson.Write(program));
                written.Add(problemPath);
            }
            if (recovery is not null)
            {
                var networkPath = Path.Combine(outputDirectory, "network.json");
                AtomicFile.WriteAllText(networkPath,
                    NetworkJson.Write(recovery.Network, compiled.Model, compiled.Data, nonConvex, result.PrimalObjective));
                written.Add(networkPath);
            }
        }
        return new SolveReport(compiled, result, recovery, nonConvex, trainError, loss.TrainErrorName, written) { Method = method };
    }
}
