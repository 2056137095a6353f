using System.Reflection;
using ConicDsl.Backends;

namespace ConicDsl.Cli.Commands;

/// <summary>
/// <c>conicdsl --version</c>: the tool's version and, for each backend, whether it can run here and its version.
/// No backend solves anything; each probe is bounded in time (<see cref="IVersionProbe.ProbeSeconds"/>).
/// </summary>
public static class VersionReport
{
    public static string ToolVersion =>
        typeof(VersionReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionReport).Assembly.GetName().Version?.ToString() ?? "unknown";

    public static int Run(CliContext context)
    {
        var o = context.Out;
        o.WriteLine($"conicdsl {ToolVersion} (.NET {Environment.Version})");
        foreach (var backend in BackendRegistry.All)
        {
            var probe = backend is IVersionProbe p ? p.ProbeVersion() : new BackendVersion(backend.Name, true, "version unknown");
            o.WriteLine($"  {probe.Backend,-8} {(probe.Found ? "found    " : "not found")}  {probe.Detail}");
        }
        return ExitCodes.Success;
    }
}
