using System.Diagnostics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Packaging;

/// <summary>
/// The packed .NET tool, end to end: scripts/pack-tool.sh → dotnet tool install --tool-path → conicdsl --version and a
/// native solve of Examples/spline1d.cnn. Part of the default suite, so CI proves the tool packs and installs: it
/// rebuilds the CLI for a runtime identifier (12 s on an idle machine after a build, 105 s measured under heavy load;
/// alone: dotnet test Tests -c Release --filter "TestCategory=Packaging").
/// </summary>
[Category("Packaging")]
public class ToolPackageTests
{
    private static (int Code, string Out, string Err) Run(string exe, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.That(p.WaitForExit(600_000), Is.True, $"{exe} finished");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ConicDsl.sln"))) return dir.FullName;
        throw new InvalidOperationException("the repository root (ConicDsl.sln) is not above the test folder");
    }

    [Test]
    public void PackedToolInstallsAndSolves()
    {
        var root = RepositoryRoot();
        using var dir = new TempDir();
        string feed = Path.Combine(dir.Path, "feed"), tools = Path.Combine(dir.Path, "tools");
        var clock = Stopwatch.StartNew();

        var pack = Run(Path.Combine(root, "scripts", "pack-tool.sh"), root, feed);
        Assert.That(pack.Code, Is.EqualTo(0), pack.Err);
        var packed = clock.Elapsed;
        var install = Run("dotnet", dir.Path, "tool", "install", "--tool-path", tools, "--add-source", feed, "conicdsl");
        Assert.That(install.Code, Is.EqualTo(0), install.Out + install.Err);
        var installed = clock.Elapsed;

        var exe = Path.Combine(tools, "conicdsl");
        var version = Run(exe, dir.Path, "--version");
        Assert.That(version.Code, Is.EqualTo(0), version.Err);
        Assert.That(version.Out, Does.StartWith("conicdsl 0.1.0"));
        Assert.That(version.Out, Does.Contain("native   found"));

        // The installed tool must do what the repository's does: an optimal solve whose claim is the global optimum.
        var solve = Run(exe, Path.Combine(root, "Examples"), "solve", "spline1d.cnn", "--backend", "native");
        Assert.That(solve.Code, Is.EqualTo(0), solve.Out + solve.Err);
        Assert.That(solve.Out, Does.Contain("native: optimal").And.Contain("global optimum"));
        TestContext.Out.WriteLine($"pack {packed.TotalSeconds:F1} s, install {(installed - packed).TotalSeconds:F1} s, total {clock.Elapsed.TotalSeconds:F1} s");
    }
}
