namespace ConicDsl.Cli;

/// <summary>conventions.md "Messages and exit codes".</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>Solved, but the result is not optimal (infeasible, limit, inaccurate, interrupted).</summary>
    public const int NotOptimal = 1;
    public const int BadInput = 2;
    /// <summary>A backend or native library is missing or failed to start.</summary>
    public const int BackendUnavailable = 3;
    /// <summary>A bug: a short message, the stack trace only with --verbose.</summary>
    public const int InternalError = 4;
}
