namespace ConicDsl.Tests.Support;

/// <summary>Live processes, read from Linux's /proc: used to prove that a killed solver child was reaped.</summary>
public static class ProcessTable
{
    /// <summary>Command lines of live processes that mention <paramref name="marker"/>.</summary>
    public static List<string> Mentioning(string marker)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmd.Contains(marker)) found.Add(cmd);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>Ids of the live processes whose parent is <paramref name="parent"/> (field 4 of /proc/PID/stat).</summary>
    public static List<int> ChildrenOf(int parent)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            if (Stat(pid) is { } stat && stat.Parent == parent) found.Add(pid);
        }
        return found;
    }

    public static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    /// <summary>The process exists and is not a zombie (a zombie has exited but was not reaped).</summary>
    public static bool Running(int pid) => Stat(pid) is { } stat && stat.State != 'Z';

    private static (char State, int Parent)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // "PID (COMMAND) STATE PPID ...": the command may contain spaces and parentheses, so split after the last ')'.
            var rest = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (rest[0][0], int.Parse(rest[1]));
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
