using System.Globalization;
using ConicDsl.Fuzz;

// dotnet run --project bench/Fuzz -c Release -- --inputs 100000 --seed 1 [--report FILE.md] [--failures DIR] [--limit-seconds 2]
var options = FuzzOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: conicdsl-fuzz [--inputs N] [--seed S] [--report FILE.md] [--failures DIR] [--limit-seconds T]");
    return 2;
}
var scratch = Directory.CreateTempSubdirectory("conicdsl-fuzz-");
try
{
    var campaign = new FuzzCampaign(new InputGenerator(SeedCorpus.Load(SeedCorpus.DefaultFolder), options.Seed),
        new FrontEndTargets(SeedCorpus.DefaultFolder, scratch.FullName).Run, TimeSpan.FromSeconds(options.LimitSeconds));
    var result = campaign.Run(options.Seed, options.Inputs, n => Console.Error.WriteLine($"{n} inputs"));
    var command = "conicdsl-fuzz " + string.Join(' ', args);
    var markdown = FuzzReport.Markdown(result, command);
    Console.Write(markdown);
    if (options.Report is { } report)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(report))!);
        var temporary = report + ".tmp";
        File.WriteAllText(temporary, markdown);
        File.Move(temporary, report, overwrite: true);
    }
    FuzzReport.WriteFailures(result, options.Failures);
    return result.Exceptions.Count + result.Hangs.Count == 0 ? 0 : 1;
}
finally
{
    try { scratch.Delete(recursive: true); } catch (IOException) { }
}

/// <summary>Command-line options of the fuzz runner; null from <see cref="Parse"/> means "print usage".</summary>
internal sealed record FuzzOptions(long Inputs, int Seed, string? Report, string Failures, double LimitSeconds)
{
    public static FuzzOptions? Parse(string[] args)
    {
        var o = new FuzzOptions(100_000, 1, null, "fuzz-failures", 2);
        for (int i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length) return null;
            var value = args[i + 1];
            var c = CultureInfo.InvariantCulture;
            switch (args[i])
            {
                case "--inputs" when long.TryParse(value, c, out var n) && n > 0: o = o with { Inputs = n }; break;
                case "--seed" when int.TryParse(value, c, out var s): o = o with { Seed = s }; break;
                case "--report": o = o with { Report = value }; break;
                case "--failures": o = o with { Failures = value }; break;
                case "--limit-seconds" when double.TryParse(value, c, out var t) && t > 0: o = o with { LimitSeconds = t }; break;
                default: return null;
            }
        }
        return o;
    }
}
