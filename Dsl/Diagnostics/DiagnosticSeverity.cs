namespace ConicDsl.Dsl.Diagnostics;

public enum DiagnosticSeverity
{
    Info,
    Warning,
    Error,
}
