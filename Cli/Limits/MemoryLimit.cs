using System.Globalization;
using System.Text.RegularExpressions;

namespace ConicDsl.Cli.Limits;

/// <summary>The byte limit of the size guard: <c>--memory-limit SIZE</c>, or half of the memory available now.</summary>
public static partial class MemoryLimit
{
    public const double DefaultFraction = 0.5;

    /// <summary>"2G", "512M", "1.5GiB", "64k", "1000000" (bytes); binary units. Null when the text is not a size.</summary>
    public static long? Parse(string text)
    {
        var m = SizePattern().Match(text.Trim());
        if (!m.Success) return null;
        double value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        int shift = char.ToUpperInvariant(m.Groups[2].Value.FirstOrDefault()) switch
        {
            'K' => 10,
            'M' => 20,
            'G' => 30,
            'T' => 40,
            _ => 0,
        };
        double bytes = value * Math.Pow(2, shift);
        return bytes is >= 1 and < long.MaxValue ? (long)bytes : null;
    }

    /// <summary>MemAvailable from /proc/meminfo (what Linux can give without swapping), capped by the runtime's own
    /// view (which honours a container's cgroup limit); the runtime's view alone elsewhere.</summary>
    public static long Available()
    {
        long runtime = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (!line.StartsWith("MemAvailable:", StringComparison.Ordinal)) continue;
                var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                return Math.Min(runtime, kb * 1024);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        return runtime;
    }

    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.##} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => $"{bytes} B",
    };

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*([kKmMgGtT](?:i?[bB])?|[bB])?$")]
    private static partial Regex SizePattern();
}
