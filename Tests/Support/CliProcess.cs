using System.Diagnostics;
using System.Text;

namespace ConicDsl.Tests.Support;

/// <summary>
/// The real conicdsl executable started as a child process, with stdout and stderr collected as they arrive, so a test
/// can wait for a line, send a signal, or kill it mid-run.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new(), _err = new();

    public CliProcess(IDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "conicdsl.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        _process = new Process { StartInfo = psi };
        _process.OutputDataReceived += (_, e) => { lock (_out) if (e.Data is not null) _out.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_err) if (e.Data is not null) _err.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;
    public string Out { get { lock (_out) return _out.ToString(); } }
    public string Error { get { lock (_err) return _err.ToString(); } }

    /// <summary>Polls <paramref name="condition"/> every 50 ms; false when the process exits or time runs out first.</summary>
    public bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition()) return true;
            if (_process.HasExited) return condition();
            Thread.Sleep(50);
        }
        return false;
    }

    /// <summary>Sends a POSIX signal by name (INT, TERM) through kill(1).</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, Id.ToString()]);
        kill.WaitForExit();
    }

    public void KillHard() => _process.Kill(entireProcessTree: false);

    /// <summary>Waits for the exit and for the output streams to drain; the exit code, or null on timeout.</summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return null;
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
