using System.Runtime.InteropServices;

namespace ConicDsl.Backends.OrTools;

/// <summary>
/// Points the process's file descriptor 1 at stderr while native solver code runs, then restores it. Native solvers
/// (HiGHS prints a banner once per process even with logging off) write straight to fd 1, which .NET cannot
/// intercept, and stdout carries ConicDsl's results and JSON. Only on Linux/macOS; elsewhere it does nothing.
/// </summary>
internal sealed partial class NativeStdoutToStderr : IDisposable
{
    private readonly int _saved = -1;

    public NativeStdoutToStderr()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        Console.Out.Flush();
        Flush(IntPtr.Zero);
        _saved = Dup(1);
        if (_saved >= 0 && Dup2(2, 1) < 0)
        {
            Close(_saved);
            _saved = -1;
        }
    }

    public void Dispose()
    {
        if (_saved < 0) return;
        Flush(IntPtr.Zero);
        Dup2(_saved, 1);
        Close(_saved);
    }

    [LibraryImport("libc", EntryPoint = "dup")]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2")]
    private static partial int Dup2(int oldFd, int newFd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "fflush")]
    private static partial int Flush(IntPtr stream);
}
