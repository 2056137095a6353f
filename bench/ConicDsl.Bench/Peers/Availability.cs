using System.Diagnostics;
using ConicDsl.Backends;

namespace ConicDsl.Bench.Peers;

/// <summary>Peers that may be missing on a machine, detected rather than assumed.</summary>
public static class Availability
{
    /// <summary>The native first-order method exists when the native backend accepts a <c>method</c> option
    /// (<c>solve native method fista</c>); null when it does.</summary>
    public static string? FirstOrderMissing() =>
        BackendRegistry.Find("native")?.Options.Any(o => o.Name == "method") == true
            ? null
            : "not available: the native backend has no 'method' option (first-order method not in this build)";

    /// <summary>Debian's interpreter, where python3-torch installs (a pyenv or virtualenv python3 earlier on PATH
    /// would not see it); plain python3 elsewhere.</summary>
    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Null when <c>python3 -c 'import torch'</c> succeeds, else why not.</summary>
    public static string? PyTorchMissing()
    {
        try
        {
            var info = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("import torch");
            using var p = Process.Start(info)!;
            p.WaitForExit(60_000);
            return p.ExitCode == 0 ? null : $"not installed ({Python} -c 'import torch' fails; Debian: apt-get install python3-torch)";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed (no python3)";
        }
    }
}
