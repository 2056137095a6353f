namespace ConicDsl.Cli;

/// <summary>Where a command writes: stdout for results, stderr for diagnostics and progress. Injected so tests can capture both.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, CancellationToken Cancellation)
{
    /// <summary>stderr is a terminal: progress is one line rewritten in place rather than appended lines.</summary>
    public bool ErrorIsTerminal { get; init; }
    /// <summary>Solver progress goes to stderr (off with --json and --quiet, and for in-process test runs unless asked).</summary>
    public bool ShowProgress { get; init; }
    /// <summary>How long progress stays silent (<see cref="Progress.ProgressLine.Quiet"/>); tests set zero so that what
    /// they check does not depend on how fast the machine is.</summary>
    public TimeSpan ProgressQuiet { get; init; } = Progress.ProgressLine.Quiet;

    public static CliContext Console(CancellationToken cancellation) =>
        new(System.Console.Out, System.Console.Error, cancellation)
        {
            ErrorIsTerminal = !System.Console.IsErrorRedirected,
            ShowProgress = true,
        };
}
