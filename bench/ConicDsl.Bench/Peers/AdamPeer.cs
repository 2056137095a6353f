using System.Globalization;
using System.Text.Json.Nodes;
using ConicDsl.Bench.Instances;
using ConicDsl.Bench.Measurement;

namespace ConicDsl.Bench.Peers;

/// <summary>
/// The non-convex network of the instance's width trained by <see cref="AdamTrainer"/> from <see cref="Starts"/>
/// seeded random starts, each in a fresh process (this program in its <c>adam</c> mode) for honest memory. The
/// result is the best start; its history is the best objective any start reached by each time, where the starts'
/// clocks are laid end to end (they run one after another, so that is the wall time a user would wait).
/// </summary>
public sealed class AdamPeer(Func<IReadOnlyList<string>, (string File, IReadOnlyList<string> Args)> self, int maxEpochs, double secondsPerStart)
{
    public const int Starts = 5;

    public PeerResult Run(Instance instance)
    {
        var history = new List<(double, double)>();
        double offset = 0, best = double.PositiveInfinity, wall = 0, cpu = 0;
        long peak = 0;
        var epochs = new List<int>();
        for (int seed = 1; seed <= Starts; seed++)
        {
            var (file, args) = self(["adam", instance.DataPath, I(instance.Width), R(instance.Beta), I(seed), I(maxEpochs), R(secondsPerStart)]);
            var run = ChildRun.Run(file, args, TimeSpan.FromSeconds(secondsPerStart + 120));
            wall += run.Wall.TotalSeconds;
            cpu += run.CpuSeconds;
            peak = Math.Max(peak, run.PeakBytes);
            var json = run.Killed || run.ExitCode != 0 ? null : JsonNode.Parse(run.Out);
            if (json is null)
                return PeerResult.Skipped(instance.Name, "adam (C#)", "error", $"start {seed}: exit {run.ExitCode} {run.Error.Trim()}");
            foreach (var point in json["history"]!.AsArray())
            {
                double t = point![0]!.GetValue<double>(), f = point[1]!.GetValue<double>();
                if (f < best) { best = f; history.Add((offset + t, f)); }
            }
            offset += json["seconds"]!.GetValue<double>();
            epochs.Add(json["epochs"]!.GetValue<int>());
        }
        return new PeerResult(instance.Name, "adam (C#)", "done", double.NaN, best, offset, wall, peak, history,
            Note: $"{Starts} starts, epochs {string.Join("/", epochs)} (limit {maxEpochs} or {secondsPerStart:R} s each)", CpuSeconds: cpu);
    }

    /// <summary>The child side: trains one start and prints its trace as JSON.</summary>
    public static int RunChild(string[] args, Func<AdamTrainer> trainer)
    {
        var (x, y) = DataCsv.Read(args[1]);
        int width = int.Parse(args[2], CultureInfo.InvariantCulture), seed = int.Parse(args[4], CultureInfo.InvariantCulture);
        int maxEpochs = int.Parse(args[5], CultureInfo.InvariantCulture);
        double beta = double.Parse(args[3], CultureInfo.InvariantCulture), seconds = double.Parse(args[6], CultureInfo.InvariantCulture);
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
