using System.Globalization;

namespace ConicDsl.Bench;

/// <summary>Command line of the orchestrator: <c>--instances a,b --out DIR --time-limit S --max-cone-rows N
/// --adam-epochs N --adam-seconds S --peers p,q --max-rss-gib G --repeats K</c>, and the <c>linalg [N]</c> mode.</summary>
public sealed record BenchOptions
{
    public IReadOnlyList<string> Instances { get; init; } = ["small", "iris"];
    public string Out { get; init; } = "bench/results";
    /// <summary>Per solver run; the budget is 10 minutes.</summary>
    public double TimeLimitSeconds { get; init; } = 600;
    /// <summary>Conic peers are skipped (and the row says why) above this many cone rows, instead of exhausting memory.</summary>
    public long MaxConeRows { get; init; } = 5_000_000;
    public int AdamEpochs { get; init; } = 3000;
    public double AdamSeconds { get; init; } = 60;
    public IReadOnlyList<string>? Peers { get; init; }
    /// <summary>A peer whose process tree holds more resident memory is killed (the machine is shared).</summary>
    public double MaxRssGib { get; init; } = 8;
    /// <summary>Runs of each solver peer, each in a fresh process; the table quotes their median (the machine is noisy).</summary>
    public int Repeats { get; init; } = 3;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--instances" => o with { Instances = Next().Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--out" => o with { Out = Next() },
                "--time-limit" => o with { TimeLimitSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--max-cone-rows" => o with { MaxConeRows = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--adam-epochs" => o with { AdamEpochs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--adam-seconds" => o with { AdamSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--peers" => o with { Peers = Next().Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--max-rss-gib" => o with { MaxRssGib = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--repeats" => o with { Repeats = int.Parse(Next(), CultureInfo.InvariantCulture) is var k and >= 1 ? k : throw new ArgumentException("--repeats needs a count ≥ 1") },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return o;
    }
}
