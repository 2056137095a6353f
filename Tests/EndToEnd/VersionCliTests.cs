using System.Diagnostics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>'conicdsl --version': the tool's version, then one line per registered backend, without solving.</summary>
public class VersionCliTests
{
    [Test]
    public void PrintsTheToolVersionAndOneLinePerBackend()
    {
        var clock = Stopwatch.StartNew();
        var run = CliRunner.Run("--version");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var lines = run.Out.TrimEnd().Split('\n');
        // Reference: the Cli assembly's own informational version (set by <Version> in its project file).
        var version = typeof(ConicDsl.Cli.CliApplication).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
        Assert.That(lines[0], Does.StartWith($"conicdsl {version}"));
        foreach (var backend in ConicDsl.Backends.BackendRegistry.All)
            Assert.That(lines.Count(l => l.TrimStart().StartsWith(backend.Name + " ")), Is.EqualTo(1), $"{backend.Name} in:\n{run.Out}");
        // native is built in, so always found with the solver's version string.
        Assert.That(lines.Single(l => l.TrimStart().StartsWith("native ")), Does.Contain("found").And.Contain(ConicDsl.Backends.Native.InteriorPointSolver.Version));
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(30), "probes are bounded and solve nothing");
    }

    [Test]
    public void AMissingBackendIsReportedNotFoundWithWhatToInstall()
    {
        // Reference: a backend pointed at a nonexistent interpreter cannot be found.
        var probe = new ConicDsl.Backends.Scs.ScsBackend("/nonexistent/node", null).ProbeVersion();
        Assert.That(probe.Found, Is.False);
        Assert.That(probe.Detail, Does.Contain("Node.js"));
    }
}
