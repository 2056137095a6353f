namespace ConicDsl.Cli;

/// <summary>Where a command writes: stdout for results, stderr for diagnostics and progress. Injected so tests can capture both.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, CancellationToken Cancellation)
{
    public static CliContext Console(CancellationToken cancellation) =>
        new(System.Console.Out, System.Console.Error, cancellation);
}
