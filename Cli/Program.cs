using System.CommandLine;
using ConicDsl.Cli;
using ConicDsl.Cli.Commands;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C asks the solver to stop and report its best point; a second one kills the process.
    if (cancellation.IsCancellationRequested) return;
    e.Cancel = true;
    cancellation.Cancel();
};
return CliApplication.Run(args, CliContext.Console(cancellation.Token));
