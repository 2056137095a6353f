using System.Text;

namespace ConicDsl.Fuzz;

/// <summary>
/// Input number i of a campaign with seed s is a pure function of (s, i): mutated example models, random
/// token sequences, or mutated CSV files, in proportions 45 : 15 : 40.
/// </summary>
public sealed class InputGenerator(SeedCorpus seeds, int seed)
{
    public FuzzInput Generate(long index)
    {
        var random = new Random(unchecked((int)(seed * 1_000_003L + index * 7_919L)));
        int kind = random.Next(100);
        if (kind < 45)
        {
            var text = TextMutations.Mutate(seeds.Models[random.Next(seeds.Models.Count)], random);
            return new FuzzInput(index, FuzzTargetKind.ModelFile, "model-mutation", Encoding.UTF8.GetBytes(text));
        }
        if (kind < 60)
            return new FuzzInput(index, FuzzTargetKind.ModelFile, "token-sequence", Encoding.UTF8.GetBytes(CnnTokenSequences.Generate(random)));
        var csv = CsvMutations.Mutate(seeds.Csvs[random.Next(seeds.Csvs.Count)], random);
        return new FuzzInput(index, FuzzTargetKind.CsvFile, "csv-mutation", csv);
    }
}
