using System.Globalization;
using System.Reflection;
using ConicDsl.Bench.Instances;
using ConicDsl.Bench.Measurement;
using ConicDsl.Bench.Peers;
using ConicDsl.Bench.Reporting;
using ConicDsl.Compiler.FirstOrder;
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
    /// <summary>The first-order peer: the augmented Lagrangian (R-FISTA inside), the method for the ReLU program
    /// every instance has; R-FISTA alone takes only the gated program (docs/solver.md). It does not build the standard
    /// form, so the size rule for the conic peers does not apply to it.</summary>
    private const string FirstOrderPeer = "native-al";

    private static readonly (string Name, string Solve)[] SolverPeers =
    [
        (FirstOrderPeer, "solve native method al"),
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

        ChildRun.MemoryCapBytes = (long)(options.MaxRssGib * 1073741824.0);
        var la = DenseLinearAlgebra.Current;
        double peak = GemmPeak.GflopsPerSecond(la);
        double managedPeak = GemmPeak.ManagedGflopsPerSecond();
        var preamble = new List<string>
        {
            "# ConicDsl benchmark",
            "",
            $"- machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}; dense kernels: {la.Name}" + (DenseLinearAlgebra.FallbackReason is { } why ? $" ({why})" : ""),
            $"- measured GEMM peak at the start: {peak.ToString("F2", CultureInfo.InvariantCulture)} GFLOP/s with {la.Name} ({GemmPeak.Description}), " +
            $"{managedPeak.ToString("F2", CultureInfo.InvariantCulture)} GFLOP/s with the first-order solver's own kernel ({ManagedGemm.Instance.Name}, same product)",
            $"- per-run solver time limit {options.TimeLimitSeconds} s; conic peers skipped above {options.MaxConeRows:N0} cone rows; a peer killed when its process tree's resident memory passes {options.MaxRssGib} GiB (shared machine); Adam: {AdamPeer.Starts} starts × ≤ {options.AdamEpochs} epochs or {options.AdamSeconds} s",
            "- objective: what the peer is judged on — solvers: the convex program's objective at their point; Adam: the training objective ½Σ(ŷ−y)² + (β/2)Σ‖weights‖² of its best network. network_objective: the training objective of the network each peer returns (solvers: recovered from their point and recomputed)",
            "- convex_reference: the convex program's best known optimum (reference_from: the first of " + string.Join(", ", ConvexReference.Priority) + " that reported an optimum). t_1e-x: seconds from the start of the solve until |objective − reference| ≤ 1e-x·|reference| with primal residual ≤ 1e-x, read off the solver's timed history (native, native-al); '≤ s' where a solver reports no history (scs, cvxopt, ortools-scip) and only its final point is known. When no peer reached an optimum, the reference is the best primal objective of a final point with residual ≤ 1e-4, used only with a certified lower bound (a solver's dual_objective), and reference_from gives the bracket [best dual, best primal]. gap_final: (objective − dual_objective)/|objective| at the end; t_gap_1e-x: first time that certified gap was ≤ 1e-x with primal residual ≤ 1e-x (solvers reporting dual_objective in their history). Adam: seconds until its training objective first fell to reference·(1 + 1e-x), in the fastest of its starts — 'not reached' means it never got there. rel_to_reference: (objective − reference)/|reference|; Adam's may be negative (see bench/README.md)",
            "- peak_mib: peak resident memory of the peer's process tree, sampled every 50 ms from /proc; cpu_s: user + system CPU seconds of that tree, sampled the same way; compile_s: data, patterns and lowering before the solve",
            $"- load average at start (1, 5, 15 min): {LoadAverage()} — on a shared machine wall times include waiting for the cores",
        };
        Console.Error.WriteLine(preamble[2] + "\n" + preamble[3]);
        var rows = new List<PeerResult>();
        bool Wanted(string peer) => options.Peers is null || options.Peers.Contains(peer);
        void Add(PeerResult r)
        {
            rows.Add(r);
            Console.Error.WriteLine($"{r.Instance,-7} {r.Peer,-14} run {r.Run} {r.Status,-14} obj {r.Objective:G10} net {r.NetworkObjective:G10}  solve {r.SolveSeconds:F2} s  wall {r.WallSeconds:F2} s  cpu {r.CpuSeconds:F2} s  peak {r.PeakBytes / 1048576.0:F0} MiB  {r.Note}");
            Directory.CreateDirectory(outDir);
            AtomicFile.WriteAllText(Path.Combine(outDir, "results.csv"), ResultTables.Csv(rows, peak));
            AtomicFile.WriteAllText(Path.Combine(outDir, "results.md"), ResultTables.Markdown(rows, preamble, peak));
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
        // Measured again at the end: the rate this machine gives moves with its load and clock (a start measurement
        // of 64 GFLOP/s was once below the 73 the solver's own products then reached), and a ceiling must not sit
        // under what was achieved. pct_of_gemm_peak is against the larger of the two.
        double end = GemmPeak.GflopsPerSecond(la);
        peak = Math.Max(peak, end);
        preamble.Add($"- measured GEMM peak at the end: {end.ToString("F2", CultureInfo.InvariantCulture)} GFLOP/s; pct_of_gemm_peak is against the larger of the two, {peak.ToString("F2", CultureInfo.InvariantCulture)} GFLOP/s");
        AtomicFile.WriteAllText(Path.Combine(outDir, "results.csv"), ResultTables.Csv(rows, peak));
        AtomicFile.WriteAllText(Path.Combine(outDir, "results.md"), ResultTables.Markdown(rows, preamble, peak));
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
            foreach (var (peer, solve) in SolverPeers)
            {
                if (!Wanted(peer)) continue;
                if (peer == FirstOrderPeer && firstOrder is not null)
                    Add(PeerResult.Skipped(name, peer, "not available", firstOrder));
                else if (peer != FirstOrderPeer && instance.ConeRows > options.MaxConeRows)
                    Add(PeerResult.Skipped(name, peer, "skipped", $"program too large: {instance.ConeRows:N0} cone rows > --max-cone-rows {options.MaxConeRows:N0}"));
                else
                    Repeat(options.Repeats, run => new CliSolverPeer(peer, solve, cli).Run(instance, options.TimeLimitSeconds, run), Add);
            }
            if (Wanted("adam"))
                Add(new AdamPeer("adam (C#)", args => Self(["adam", .. args]), options.AdamEpochs, options.AdamSeconds).Run(instance));
            if (Wanted("pytorch"))
                Add(torch is not null
                    ? PeerResult.Skipped(name, "adam (PyTorch)", "not available", torch)
                    : new AdamPeer("adam (PyTorch)", args => (Availability.Python, [Path.Combine(repository, "bench", "pytorch", "adam_peer.py"), .. args]),
                        options.AdamEpochs, options.AdamSeconds).Run(instance));
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Runs a solver peer up to <paramref name="repeats"/> times, each in a fresh process, and stops after a
    /// run that did not end by itself (<see cref="PeerResult.EndedByItself"/>): another would repeat the same verdict.</summary>
    public static void Repeat(int repeats, Func<int, PeerResult> run, Action<PeerResult> add)
    {
        for (int k = 1; k <= repeats; k++)
        {
            var result = run(k);
            add(result);
            if (!result.EndedByItself) break;
        }
    }

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
