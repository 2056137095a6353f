using System.Globalization;
using System.Text.Json.Nodes;
using ConicDsl.Bench.Instances;
using ConicDsl.Bench.Measurement;

namespace ConicDsl.Bench.Peers;

/// <summary>
/// The non-convex network of the instance's width trained by full-batch Adam from <see cref="Starts"/> seeded random
/// starts, each in a fresh process for honest memory: <see cref="AdamTrainer"/> (this program in its <c>adam</c>
/// mode) or PyTorch (bench/pytorch/adam_peer.py), both taking the same arguments and printing the same JSON. The
/// result is the best start's objective, with every start's final objective kept (the table gives their median); every
/// start's history is kept, so time-to-objective is that of the fastest single start (a user would run one), and the
/// row also says what all starts cost laid end to end. The starts are Adam's repeats: the peer is run once.
/// </summary>
public sealed class AdamPeer(string peerName, Func<IReadOnlyList<string>, (string File, IReadOnlyList<string> Args)> command,
    int maxEpochs, double secondsPerStart)
{
    public const int Starts = 5;

    public PeerResult Run(Instance instance)
    {
        var runs = new List<IReadOnlyList<HistoryPoint>>();
        double total = 0, best = double.PositiveInfinity, wall = 0, cpu = 0;
        long peak = 0;
        var epochs = new List<int>();
        var finals = new List<double>();
        for (int seed = 1; seed <= Starts; seed++)
        {
            var (file, args) = command([instance.DataPath, I(instance.Width), R(instance.Beta), I(seed), I(maxEpochs), R(secondsPerStart)]);
            var run = ChildRun.Run(file, args, TimeSpan.FromSeconds(secondsPerStart + 120));
            wall += run.Wall.TotalSeconds;
            cpu += run.CpuSeconds;
            peak = Math.Max(peak, run.PeakBytes);
            JsonNode? json = null;
            try
            {
                json = run.Killed || run.ExitCode != 0 ? null : JsonNode.Parse(run.Out);
            }
            catch (System.Text.Json.JsonException) { }
            if (json is null)
                return run.Killed
                    ? PeerResult.Skipped(instance.Name, peerName, "killed", run.KilledForMemory
                        ? $"start {seed}: resident memory passed the bench's cap of {ChildRun.MemoryCapBytes / 1073741824.0:F0} GiB after {run.Wall.TotalSeconds:F0} s (--max-rss-gib)"
                        : $"start {seed}: no answer {secondsPerStart + 120:F0} s after its start") with { WallSeconds = wall, PeakBytes = peak, CpuSeconds = cpu }
                    : PeerResult.Skipped(instance.Name, peerName, "error", $"start {seed}: exit {run.ExitCode} {run.Error.Trim()}");
            runs.Add(json["history"]!.AsArray()
                .Select(p => new HistoryPoint(p![0]!.GetValue<double>(), p[1]!.GetValue<double>(), double.NaN)).ToList());
            finals.Add(json["final"]!.GetValue<double>());
            best = Math.Min(best, finals[^1]);
            total += json["seconds"]!.GetValue<double>();
            epochs.Add(json["epochs"]!.GetValue<int>());
        }
        return new PeerResult(instance.Name, peerName, "done", double.NaN, best, total, wall, peak, runs,
            Note: $"{Starts} starts, {total:F1} s in all, epochs {string.Join("/", epochs)} (limit {maxEpochs} or {secondsPerStart:R} s each)",
            CpuSeconds: cpu, IsSolver: false, StartObjectives: finals);
    }

    /// <summary>The child side: trains one start and prints its trace as JSON.</summary>
    /// <param name="args">data.csv, width, β, seed, epoch limit, seconds limit (after the mode word).</param>
    public static int RunChild(string[] args, Func<AdamTrainer> trainer)
    {
        var (x, y) = DataCsv.Read(args[0]);
        int width = int.Parse(args[1], CultureInfo.InvariantCulture), seed = int.Parse(args[3], CultureInfo.InvariantCulture);
        int maxEpochs = int.Parse(args[4], CultureInfo.InvariantCulture);
        double beta = double.Parse(args[2], CultureInfo.InvariantCulture), seconds = double.Parse(args[5], CultureInfo.InvariantCulture);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var trace = trainer().Train(x, y, width, beta, seed, maxEpochs, seconds);
        var history = new JsonArray(trace.History.Select(p => (JsonNode)new JsonArray(p.Seconds, p.Objective)).ToArray());
        Console.WriteLine(new JsonObject
        {
            ["history"] = history, ["epochs"] = trace.Epochs, ["final"] = trace.Final, ["seconds"] = clock.Elapsed.TotalSeconds,
        }.ToJsonString());
        return 0;
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
