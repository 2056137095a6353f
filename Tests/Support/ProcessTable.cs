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
}
