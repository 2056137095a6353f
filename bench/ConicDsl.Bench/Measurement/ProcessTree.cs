using System.Globalization;

namespace ConicDsl.Bench.Measurement;

/// <summary>Resident memory of a process and its descendants, from /proc (Linux only; 0 elsewhere).</summary>
public static class ProcessTree
{
    public static long ResidentBytes(int root)
    {
        if (!Directory.Exists("/proc")) return 0;
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            if (Ppid(pid) is int ppid) parents[pid] = ppid;
        }
        long total = 0;
        foreach (var pid in parents.Keys)
            if (Descends(pid, root, parents)) total += StatusKb(pid, pid == root ? "VmHWM:" : "VmRSS:") * 1024;
        return total;
    }

    /// <summary>CPU seconds (user + system, including reaped children) of a process and its live descendants.</summary>
    public static double CpuSeconds(int root)
    {
        if (!Directory.Exists("/proc")) return 0;
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            if (Ppid(pid) is int ppid) parents[pid] = ppid;
        }
        double total = 0;
        foreach (var pid in parents.Keys)
            if (Descends(pid, root, parents)) total += Ticks(pid);
        return total / 100.0; // USER_HZ is 100 on Linux
    }

    // Fields 14–17 of /proc/PID/stat: utime, stime, cutime, cstime (counted from after the comm's ')').
    private static long Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return Enumerable.Range(11, 4).Sum(i => long.Parse(rest[i], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return 0;
        }
    }

    private static bool Descends(int pid, int root, Dictionary<int, int> parents)
    {
        for (int depth = 0; depth < 64; depth++)
        {
            if (pid == root) return true;
            if (!parents.TryGetValue(pid, out pid) || pid <= 1) return false;
        }
        return false;
    }

    // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces or parentheses, so parse after the last ')'.
    private static int? Ppid(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(rest[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return null; // the process ended while we looked
        }
    }

    private static long StatusKb(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith(key, StringComparison.Ordinal))
                    return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        return 0;
    }
}
