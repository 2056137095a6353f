using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ConicDsl.Compiler.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one, never a prefix:
/// the bytes go to a temporary file in the same folder, are flushed to disk, and the file is renamed over
/// the target (rename within one file system is atomic on POSIX).
/// <para>
/// A process killed between writing and renaming (SIGKILL, power loss) cannot delete its temporary file, so
/// every write first removes the leftovers of earlier writes to the same target whose process is gone (the
/// temporary file's name carries the writer's process id). Temporary files are hidden (leading dot) meanwhile.
/// </para>
/// </summary>
public static class AtomicFile
{
    /// <summary>Test hook: milliseconds to wait between the flushed temporary file and the rename, so a test can kill
    /// the process mid-write (Tests/EndToEnd/InterruptionTests).</summary>
    public const string PauseVariable = "CONICDSL_TEST_PAUSE_BEFORE_RENAME_MS";

    public static void WriteAllText(string path, string content) =>
        Write(path, stream =>
        {
            var bytes = new UTF8Encoding(false).GetBytes(content);
            stream.Write(bytes);
        });

    public static void Write(string path, Action<Stream> writeContent)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        RemoveOrphans(dir, Path.GetFileName(full));
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                writeContent(stream);
                stream.Flush(flushToDisk: true);
            }
            PauseForTests();
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Deletes <c>.NAME.PID.GUID.tmp</c> files whose writer PID is no longer running.</summary>
    private static void RemoveOrphans(string dir, string name)
    {
        string prefix = "." + name + ".";
        try
        {
            foreach (var file in Directory.EnumerateFiles(dir, prefix + "*.tmp"))
            {
                var parts = Path.GetFileName(file)[prefix.Length..].Split('.');
                if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
                if (pid == Environment.ProcessId || Running(pid)) continue;
                try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static bool Running(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static void PauseForTests()
    {
        if (Environment.GetEnvironmentVariable(PauseVariable) is { } text
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int ms) && ms > 0)
            Thread.Sleep(ms);
    }
}
