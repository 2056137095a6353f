using System.Diagnostics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>The conicdsl executable itself, run as a child process: exit codes and output streams as a user sees them.</summary>
public class ExecutableTests
{
    internal static (int Code, string Out, string Err) Run(IDictionary<string, string> env, params string[] args)
    {
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "conicdsl.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.That(p.WaitForExit(120_000), Is.True, "conicdsl finished");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Test]
    public void MissingBackendIsOneClearLineAndExitCode3()
    {
        var env = new Dictionary<string, string> { ["CONICDSL_PYTHON"] = "/nonexistent/python3", ["CONICDSL_NODE"] = "/nonexistent/node" };
        foreach (var backend in new[] { "cvxopt", "scs" })
        {
            var (code, _, err) = Run(env, "solve", CliRunner.Example("spline1d.cnn"), "--backend", backend);
            Assert.That(code, Is.EqualTo(3), err);
            Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1), err);
            Assert.That(err, Does.Contain($"backend '{backend}' is not available"));
            Assert.That(err, Does.Not.Contain("   at "));
        }
    }

    [Test]
    public void SolveJsonGoesToStdoutAlone()
    {
        var (code, stdout, _) = Run(new Dictionary<string, string>(), "solve", CliRunner.Example("spline1d.cnn"), "--json");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(System.Text.Json.Nodes.JsonNode.Parse(stdout)!["status"]!.GetValue<string>(), Is.EqualTo("optimal"));
    }
}
