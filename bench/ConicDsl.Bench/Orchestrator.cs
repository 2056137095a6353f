using System.Globalization;
using System.Reflection;
using ConicDsl.Bench.Instances;
using ConicDsl.Bench.Measurement;
using ConicDsl.Bench.Peers;
using ConicDsl.Bench.Reporting;
using ConicDsl.Compiler.IO;
using ConicDsl.LinearAlgebra;

namespace ConicDsl.Bench;

/// <summary>
/// Builds each instance, runs every peer on it one after another (never two at once, so they do not share the
/// cores), and writes results.csv and results.md, rewriting both after every row so that an interrupted run
/// keeps what it measured.
/// </summary>
public static class Orchestrator
{
    private static readonly (string Name, string Solve)[] ConicPeers =
    [
        ("native", "solve native"),
        ("scs", "solve scs"),
        ("cvxopt", "solve cvxopt"),
        ("ortools-scip", "solve ortools solver scip"),
    ];

    public static int Run(BenchOptions options)
    {
        var repository = FindRepository();
        var cli = Path.Combine(repository, "Cli", "bin", "Release", "net10.0", "conicdsl.dll");
        if (!File.Exists(cli)) throw new ArgumentException($"{cli} is missing: run 'dotnet build -c Release Cli' first");
        var outDir = Path.GetFullPath(options.Out);
        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"conicdsl-bench-{Environment.ProcessId}")).FullName;

        var la = DenseLinearAlgebra.Current;
        double peak = GemmPeak.GflopsPerSecond(la);
        var preamble = new List<string>
        {
            "# ConicDsl benchmark",
            "",
            $"- machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}; dense kernels: {la.Name}" + (DenseLinearAlgebra.FallbackReason is { } why ? $" ({why})" : ""),
            $"- measured GEMM peak: {peak.ToString("F2", CultureInfo.InvariantCulture)} GFLOP/s (2000×2000, best of 3)",
            $"- per-run solver time limit {options.TimeLimitSeconds} s; conic peers skipped above {options.MaxConeRows:N0} cone rows; Adam: {AdamPeer.Starts} starts × ≤ {options.AdamEpochs} epochs or {options.AdamSeconds} s",
            "- network_objective: training objective ½Σ(ŷ−y)² + (β/2)Σ‖weights‖² of the network each peer returns; best_known: the lowest over the instance's peers; t_1e-x: seconds until within that relative distance of best_known (solvers: their solve time if the final point is within, no per-iteration history; Adam: first epoch within, starts laid end to end)",
            "- peak_mib: peak resident memory of the peer's process tree, sampled every 50 ms from /proc; cpu_s: user + system CPU seconds of that tree, sampled the same way",
            $"- load average at start (1, 5, 15 min): {LoadAverage()} — on a shared machine wall times include waiting for the cores",
        };
        Console.Error.WriteLine(preamble[2] + "\n" + preamble[3]);
        var rows = new List<PeerResult>();
        bool Wanted(string peer) => options.Peers is null || options.Peers.Contains(peer);
        void Add(PeerResult r)
        {
            rows.Add(r);
            Console.Error.WriteLine($"{r.Instance,-7} {r.Peer,-14} {r.Status,-14} obj {r.NetworkObjective:G10}  solve {r.SolveSeconds:F2} s  wall {r.WallSeconds:F2} s  cpu {r.CpuSeconds:F2} s  peak {r.PeakBytes / 1048576.0:F0} MiB  {r.Note}");
            Directory.CreateDirectory(outDir);
            AtomicFile.WriteAllText(Path.Combine(outDir, "results.csv"), ResultTables.Csv(rows));
            AtomicFile.WriteAllText(Path.Combine(outDir, "results.md"), ResultTables.Markdown(rows, preamble));
        }

        try
        {
            RunInstances(options, repository, cli, work, Add, Wanted);
        }
        finally
        {
            Directory.Delete(work, recursive: true); // the large instance's CSV alone is ~100 MB
        }
        preamble.Add($"- load average at end: {LoadAverage()}");
        AtomicFile.WriteAllText(Path.Combine(outDir, "results.md"), ResultTables.Markdown(rows, preamble));
        Console.Error.WriteLine($"wrote {Path.Combine(outDir, "results.md")} and results.csv");
        return 0;
    }

    private static void RunInstances(BenchOptions options, string repository, string cli, string work, Action<PeerResult> Add, Func<string, bool> Wanted)
    {
        string? firstOrder = Availability.FirstOrderMissing();
        string? torch = Availability.PyTorchMissing();
        foreach (var name in options.Instances)
        {
            var instance = InstanceCatalog.Create(name, work, repository);
            Console.Error.WriteLine($"instance {name}: n={instance.Rows}, d={instance.Features}, P={instance.Patterns}, width={instance.Width}, {instance.ConeRows:N0} cone rows");
            if (Wanted("native-fista"))
            {
                if (firstOrder is not null) Add(PeerResult.Skipped(name, "native-fista", "not available", firstOrder));
                else Add(WithinSize(instance, options, "native-fista", () => new CliSolverPeer("native-fista", "solve native method fista", cli).Run(instance, options.TimeLimitSeconds)));
            }
            foreach (var (peer, solve) in ConicPeers)
                if (Wanted(peer))
                    Add(WithinSize(instance, options, peer, () => new CliSolverPeer(peer, solve, cli).Run(instance, options.TimeLimitSeconds)));
            if (Wanted("adam"))
                Add(new AdamPeer(Self, options.AdamEpochs, options.AdamSeconds).Run(instance));
            if (Wanted("pytorch"))
                Add(PeerResult.Skipped(name, "adam (PyTorch)", "not available",
                    torch ?? "PyTorch is installed but the PyTorch runner is not written yet"));
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static PeerResult WithinSize(Instance instance, BenchOptions options, string peer, Func<PeerResult> run) =>
        instance.ConeRows > options.MaxConeRows
            ? PeerResult.Skipped(instance.Name, peer, "skipped", $"program too large: {instance.ConeRows:N0} cone rows > --max-cone-rows {options.MaxConeRows:N0}")
            : run();

    /// <summary>How to start this program again as a child: the apphost directly, or <c>dotnet bench.dll</c>.</summary>
    private static (string File, IReadOnlyList<string> Args) Self(IReadOnlyList<string> args)
    {
        var process = Environment.ProcessPath ?? "dotnet";
        if (Path.GetFileNameWithoutExtension(process) == "dotnet")
            return (process, [Assembly.GetExecutingAssembly().Location, .. args]);
        return (process, args);
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ConicDsl.sln"))) return dir.FullName;
        throw new ArgumentException("run the bench from inside the ConicDsl repository (ConicDsl.sln not found above the program)");
    }
}
