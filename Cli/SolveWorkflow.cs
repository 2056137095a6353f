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
    public static SolveReport Run(CompiledModel compiled, ISolverBackend backend, SolverSettings settings,
        string? outputDirectory, CliContext context, string? progressLabel = null)
    {
        var program = compiled.Lowered.Program;
        var progress = context.ShowProgress ? new Progress.ProgressLine(context.Error, context.ErrorIsTerminal, progressLabel ?? backend.Name) : null;
        var result = progress is null
            ? backend.Solve(program, settings, context.Cancellation)
            : progress.Around(() => backend.Solve(program, settings with { Progress = progress }, context.Cancellation));

        Recovery? recovery = null;
        double nonConvex = double.NaN, trainError = double.NaN;
        var loss = Compiler.Losses.LossFactory.Create(compiled.Model.Loss);
        if (result.X.Length == program.Variables && result.Status is SolveStatus.Optimal or SolveStatus.Inaccurate
                or SolveStatus.IterationLimit or SolveStatus.TimeLimit or SolveStatus.Interrupted)
        {
            recovery = compiled.Lowered.Recovery.Recover(result.X.AsSpan());
            nonConvex = compiled.Lowered.Recovery.Objective(recovery.Network);
            trainError = loss.TrainError(recovery.Network.Predict(compiled.Data), compiled.Data.Targets());
        }

        var written = new List<string>();
        if (outputDirectory is not null)
        {
            Directory.CreateDirectory(outputDirectory);
            var problemPath = Path.Combine(outputDirectory, "problem.json");
            AtomicFile.WriteAllText(problemPath, ConicProgramJson.Write(program));
            written.Add(problemPath);
            if (recovery is not null)
            {
                var networkPath = Path.Combine(outputDirectory, "network.json");
                AtomicFile.WriteAllText(networkPath,
                    NetworkJson.Write(recovery.Network, compiled.Model, compiled.Data, nonConvex, result.PrimalObjective));
                written.Add(networkPath);
            }
        }
        return new SolveReport(compiled, result, recovery, nonConvex, trainError, loss.TrainErrorName, written);
    }
}
