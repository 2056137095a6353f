using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConicDsl.Backends;

/// <summary>The outcome of a bridge run: either a finished failure result, or the bridge's JSON result.</summary>
internal sealed record BridgeOutcome(SolveResult? Failure, JsonObject? Result, ChildOutcome Run, SolveResult Template);

/// <summary>
/// Runs an external solver's bridge script that writes its answer as a JSON object to a result file, and turns every
/// way that can go wrong (cannot start, time limit, cancellation, no result, unreadable result) into a
/// <see cref="SolveResult"/> that says so. Shared by the adapters so each one only interprets its solver's answer.
/// </summary>
internal static class JsonBridge
{
    public static BridgeOutcome Run(string solver, string exe, IEnumerable<string> args, double? killAfterSeconds, double? timeLimitSeconds,
        bool echo, CancellationToken cancellation, string resultPath, SolveResult template, string installHint)
    {
        var watch = Stopwatch.StartNew();
        var run = ChildProcess.Run(exe, args, killAfterSeconds, echo, cancellation);
        template = template with { SolveTime = watch.Elapsed };
        SolveResult? failure = null;
        JsonObject? result = null;
        if (run.StartError is not null)
            failure = template with { Message = $"the {solver} backend could not start '{exe}': {run.StartError}; {installHint}" };
        else if (run.TimedOut)
            failure = template with { Status = SolveStatus.TimeLimit, Message = $"{solver} was stopped after the time limit of {timeLimitSeconds} s" };
        else if (run.Cancelled)
            failure = template with { Status = SolveStatus.Interrupted, Message = "interrupted: the solver process was killed and reaped" };
        else if (!File.Exists(resultPath))
            failure = template with { Message = $"{solver} bridge exited with code {run.ExitCode} without a result: {ChildProcess.Tail(run.Output)}" };
        else
        {
            try
            {
                result = JsonNode.Parse(File.ReadAllText(resultPath)) as JsonObject;
                if (result is null) failure = template with { Message = $"{solver} bridge wrote a result that is not a JSON object" };
            }
            catch (JsonException e)
            {
                failure = template with { Message = $"{solver} bridge wrote unreadable output ({e.Message})" };
            }
        }
        return new BridgeOutcome(failure, result, run, template);
    }
}
