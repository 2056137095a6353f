using System.Runtime.InteropServices;
using ConicDsl.Cli;

using var cancellation = new CancellationTokenSource();
// The first SIGINT (Ctrl-C) or SIGTERM asks the running stage to stop: the solver reports its best point as
// 'interrupted' and external solvers' processes are killed and reaped before the report is printed. A second
// signal is left to its default action, which ends the process at once.
void Stop(PosixSignalContext signal)
{
    if (cancellation.IsCancellationRequested) return;
    signal.Cancel = true;
    cancellation.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return CliApplication.Run(args, CliContext.Console(cancellation.Token));
