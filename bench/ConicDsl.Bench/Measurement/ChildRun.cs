using System.Diagnostics;
using System.Text;

namespace ConicDsl.Bench.Measurement;

/// <summary>
/// Runs one peer in a fresh process and measures it from outside: wall time, and peak resident memory of the
/// whole process tree (the peer and whatever it starts: Python for cvxopt, Node for SCS), found by summing VmRSS
/// over /proc every 50 ms. Sampling can miss a spike shorter than 50 ms, so the figure is a lower bound on the true
/// peak; the child's own VmHWM, read at the last sample, tightens it for the main process. CPU seconds of the
/// tree (user + system) are sampled the same way: on a shared machine they say what the peer cost when wall times
/// mostly measure the queue for the cores.
/// </summary>
public static class ChildRun
{
    /// <param name="KilledForMemory">Killed because the tree's resident memory passed the cap, not the time.</param>
    public sealed record Outcome(int ExitCode, bool Killed, string Out, string Error, TimeSpan Wall, long PeakBytes, double CpuSeconds,
        bool KilledForMemory = false);

    /// <summary>Global cap on a peer tree's resident memory (bytes; 0 = none): the machine is shared, and a conic
    /// peer that would grow past it is stopped before it pushes other users' processes out.</summary>
    public static long MemoryCapBytes { get; set; }

    public static Outcome Run(string fileName, IEnumerable<string> args, TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment) info.Environment[k] = v;
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        long peak = 0;
        double cpu = 0;
        bool killed = false, memory = false;
        while (!p.WaitForExit(50))
        {
            peak = Math.Max(peak, ProcessTree.ResidentBytes(p.Id));
            cpu = Math.Max(cpu, ProcessTree.CpuSeconds(p.Id));
            memory = MemoryCapBytes > 0 && peak > MemoryCapBytes;
            if (clock.Elapsed > limit || memory)
            {
                killed = true;
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
                break;
            }
        }
        p.WaitForExit();
        clock.Stop();
        return new Outcome(p.ExitCode, killed, stdout.ToString(), stderr.ToString(), clock.Elapsed, peak, cpu, memory);
    }
}
