using System.Diagnostics;
using System.Globalization;
using System.Text;
using ConicDsl.Compiler.IO;
using ConicDsl.Compiler.Patterns;

namespace ConicDsl.Bench;

/// <summary>
/// The <c>enumerate</c> mode: exact region enumeration of seeded Gaussian data by the certified-LP enumerator (the
/// compiler's) and by the Z3 depth-first search it replaced, written to enumeration.md. Both must return the same
/// pattern set, and in general position Cover's count 2·Σ_{k&lt;r} C(n−1, k); a row says so when they do not.
/// </summary>
public static class EnumerationReport
{
    private sealed record Case(int Samples, int Features, bool Bias, bool WithZ3);

    private static readonly Case[] Cases =
    [
        new(30, 3, false, true),
        new(30, 3, true, true),
        new(20, 4, false, true),
        new(60, 3, true, false),
        new(200, 2, true, false),
        new(25, 6, false, false),
    ];

    private const long Limit = 1_000_000;

    public static int Run(string[] args)
    {
        string outDir = "bench/results";
        bool z3 = true;
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--out" && i + 1 < args.Length) outDir = args[++i];
            else if (args[i] == "--no-z3") z3 = false;
            else throw new ArgumentException($"enumerate: unknown option '{args[i]}' (expected --out DIR, --no-z3)");
        }
        var sb = new StringBuilder();
        sb.Append("# Exact enumeration: certified LPs against the Z3 search\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, load average at start {LoadAverage()}. ");
        sb.Append("Data: x ~ N(0, I_d) from System.Random(seed 100 + n + d), Box–Muller; `+1` = a ones column appended. ");
        sb.Append("`regions` counts regions before the all-zero pattern is dropped; `cover` is 2·Σ_{k<r} C(n−1, k). ");
        sb.Append("One in-process run each (the certified one after a warm-up run on the same data): wall seconds, ");
        sb.Append("regions per wall second, and the process's CPU seconds over the run (on a loaded machine the wall time ");
        sb.Append("includes the wait for a core, the CPU time does not).\n\n");
        sb.Append("| data | enumerator | regions | cover | wall s | regions/s | CPU s | LPs | Z3 fallbacks | Z3 checks | same set as Z3 |\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var c in Cases)
        {
            var x = Gaussian(c.Samples, c.Features, 100 + c.Samples + c.Features, c.Bias);
            string data = $"n={c.Samples} d={c.Features}{(c.Bias ? "+1" : "")}";
            long cover = (long)ArrangementAnalysis.RegionBound(c.Samples, c.Features + (c.Bias ? 1 : 0));

            new CertifiedArrangementEnumerator(Limit).Build(x);   // warm-up: JIT, first allocations
            var certified = new CertifiedArrangementEnumerator(Limit);
            var cpu = CpuSeconds();
            var clock = Stopwatch.StartNew();
            var set = certified.Build(x);
            double seconds = clock.Elapsed.TotalSeconds;
            cpu = CpuSeconds() - cpu;
            var s = certified.Statistics!;
            string same = "not run";
            string z3Line = "";
            if (z3 && c.WithZ3)
            {
                double z3Cpu = CpuSeconds();
                clock.Restart();
                var reference = new Z3ArrangementEnumerator(Limit).Build(x);
                double z3Seconds = clock.Elapsed.TotalSeconds;
                z3Cpu = CpuSeconds() - z3Cpu;
                same = SameSet(set, reference) ? "yes" : "**NO**";
                z3Line = Row(data, "Z3 search", reference.DistinctBeforeDrop, cover, z3Seconds, z3Cpu, "–", "–", reference.SolverChecks.ToString(CultureInfo.InvariantCulture), "reference");
            }
            string line = Row(data, "certified LP", set.DistinctBeforeDrop, cover, seconds, cpu,
                s.LpSolves.ToString(CultureInfo.InvariantCulture), s.Z3Fallbacks.ToString(CultureInfo.InvariantCulture),
                s.Z3Checks.ToString(CultureInfo.InvariantCulture), same);
            foreach (var l in new[] { line, z3Line }.Where(l => l.Length > 0))
            {
                Console.WriteLine(l);
                sb.Append(l).Append('\n');
            }
            Directory.CreateDirectory(outDir);
            AtomicFile.WriteAllText(Path.Combine(outDir, "enumeration.md"), sb.ToString() + Footer());
        }
        return 0;
    }

    private static string Footer() => $"\nLoad average at the end {LoadAverage()}.\n";

    private static string Row(string data, string enumerator, long regions, long cover, double seconds, double cpu,
        string lps, string fallbacks, string checks, string same) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {data} | {enumerator} | {regions} | {cover} | {seconds:F3} | {regions / seconds:F0} | {cpu:F3} | {lps} | {fallbacks} | {checks} | {same} |");

    private static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static bool SameSet(PatternSet a, PatternSet b)
    {
        if (a.Count != b.Count || a.DistinctBeforeDrop != b.DistinctBeforeDrop) return false;
        for (int p = 0; p < a.Count; p++)
            if (!a.ToArray(p).SequenceEqual(b.ToArray(p))) return false;   // both are sorted the same way
        return true;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static double[,] Gaussian(int n, int d, int seed, bool bias)
    {
        var rng = new Random(seed);
        var x = new double[n, d + (bias ? 1 : 0)];
        for (int s = 0; s < n; s++)
        {
            for (int j = 0; j < d; j++)
                x[s, j] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            if (bias) x[s, d] = 1;
        }
        return x;
    }
}
