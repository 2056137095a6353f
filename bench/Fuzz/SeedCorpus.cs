using System.Text;

namespace ConicDsl.Fuzz;

/// <summary>The valid files the mutators start from: the example models and (the first lines of) their data.</summary>
public sealed class SeedCorpus
{
    private const int MaxCsvLines = 40;   // mutating 150-row files is no better than mutating 40 rows, only slower

    public SeedCorpus(IReadOnlyList<string> models, IReadOnlyList<string> csvs)
    {
        if (models.Count == 0 || csvs.Count == 0) throw new ArgumentException("the seed corpus needs at least one model and one CSV file");
        Models = models;
        Csvs = csvs;
    }

    public IReadOnlyList<string> Models { get; }
    public IReadOnlyList<string> Csvs { get; }

    public static SeedCorpus Load(string folder)
    {
        var models = Directory.GetFiles(folder, "*.cnn").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        var csvs = Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal)
            .Select(p => string.Join('\n', File.ReadLines(p, Encoding.UTF8).Take(MaxCsvLines)) + "\n").ToList();
        return new SeedCorpus(models, csvs);
    }

    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "Seeds");
}
