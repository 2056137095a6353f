using System.Globalization;
using System.Text;

namespace ConicDsl.Fuzz;

/// <summary>The Markdown record of a campaign (bench/results/fuzz-DATE.md) and the failing inputs as files.</summary>
public static class FuzzReport
{
    public static string Markdown(FuzzResult r, string command)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"# Front-end fuzzing, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        s.AppendLine();
        s.AppendLine(c, $"Runner and arguments: `{command}` (bench/Fuzz; see docs/robustness.md)");
        s.AppendLine();
        s.AppendLine("| quantity | value |");
        s.AppendLine("|---|---|");
        s.AppendLine(c, $"| seed | {r.Seed} |");
        s.AppendLine(c, $"| inputs | {r.Inputs} |");
        foreach (var (generator, count) in r.PerGenerator) s.AppendLine(c, $"| inputs from {generator} | {count} |");
        s.AppendLine(c, $"| accepted (no error diagnostic) | {r.Accepted} |");
        s.AppendLine(c, $"| seconds | {r.Seconds:F1} |");
        s.AppendLine(c, $"| unhandled exceptions | {r.Exceptions.Count} |");
        s.AppendLine(c, $"| hangs (over the watchdog's limit) | {r.Hangs.Count} |");
        s.AppendLine(c, $"| slowest input | {(r.Slowest is null ? "-" : $"#{r.Slowest.Index} ({r.Slowest.Generator}, {r.Slowest.Bytes.Length} bytes): {r.SlowestSeconds * 1000:F1} ms")} |");
        s.AppendLine(c, $"| machine | {Environment.ProcessorCount} logical CPUs, {Environment.OSVersion}, .NET {Environment.Version} |");
        foreach (var f in r.Exceptions.Concat(r.Hangs))
        {
            s.AppendLine();
            s.AppendLine(c, $"## #{f.Input.Index} {f.Input.Generator}: {f.Kind}");
            s.AppendLine("```");
            s.AppendLine(f.Detail.Length > 3000 ? f.Detail[..3000] : f.Detail);
            s.AppendLine("```");
        }
        return s.ToString();
    }

    /// <summary>Writes each failing input as it was fed, named by its index, for the hostile-input corpus.</summary>
    public static void WriteFailures(FuzzResult r, string folder)
    {
        var failures = r.Exceptions.Concat(r.Hangs).ToList();
        if (failures.Count == 0) return;
        Directory.CreateDirectory(folder);
        foreach (var f in failures)
        {
            var extension = f.Input.Kind == FuzzTargetKind.ModelFile ? ".cnn" : ".csv";
            File.WriteAllBytes(Path.Combine(folder, $"fuzz-{r.Seed}-{f.Input.Index}{extension}"), f.Input.Bytes);
        }
    }
}
