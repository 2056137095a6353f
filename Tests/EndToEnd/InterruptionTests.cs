using System.Text.Json.Nodes;
using ConicDsl.Compiler.IO;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>
/// Signals and kills sent to the real executable (docs/cli.md, "Limits, cancellation and progress"): SIGINT/SIGTERM
/// end a solve with status 'interrupted', its best point and exit code 1, and no solver process outlives it; a
/// SIGKILL between writing a temporary file and renaming it leaves no truncated output, and the next run cleans up.
/// </summary>
public class InterruptionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>xor with 400 sampled gates: about 1,700 variables, which takes the native solver well over a second
    /// with the dense KKT factorization (order 1,760 per iteration, some 25 iterations; forced with <c>kkt dense</c>,
    /// since the sparse one finishes it too quickly to interrupt), so there is time to interrupt it.</summary>
    internal static string SlowModel(TempDir dir, int samples = 400) => dir.Write("slow.cnn",
        File.ReadAllText(CliRunner.Example("xor.cnn"))
            .Replace("\"xor.csv\"", $"\"{CliRunner.Example("xor.csv")}\"")
            .Replace("sample 200 seed 7", $"sample {samples} seed 7")
            .Replace("solve native", "solve native kkt dense"));

    [Test]
    public void SigintStopsTheNativeSolverWithItsBestPoint()
    {
        using var dir = new TempDir();
        using var cli = new CliProcess(null, "solve", SlowModel(dir));
        // With stderr redirected, progress comes as plain lines once the solve has run a second.
        Assert.That(cli.WaitUntil(() => cli.Error.Contains("native: iteration"), Patience), Is.True, cli.Error + cli.Out);
        cli.Signal("INT");
        Assert.That(cli.WaitForExit(Patience), Is.EqualTo(1), cli.Error);
        Assert.That(cli.Out, Does.Contain("native: interrupted after"));
        Assert.That(cli.Out, Does.Match(@"primal residual \d"), "the best point comes with its residuals");
        Assert.That(cli.Out, Does.Contain("recovered network"), "the best point is recovered and reported");
    }

    [Test]
    public void SigtermKillsAndReapsTheCvxoptBridge()
    {
        using var dir = new TempDir();
        using var cli = new CliProcess(null, "solve", SlowModel(dir, 800), "--backend", "cvxopt", "--json");
        List<int> children = [];
        // The first child is the availability probe (python3 -c "import cvxopt …"); the bridge comes after compiling.
        bool started = cli.WaitUntil(() => (children = ProcessTable.ChildrenOf(cli.Id)
            .Where(pid => ProcessTable.CommandLine(pid).Contains("cvxopt_bridge.py")).ToList()).Count > 0, Patience);
        if (!started && cli.Error.Contains("not available")) Assert.Ignore("cvxopt is not installed");
        Assert.That(started, Is.True, "the bridge process started: " + cli.Error);
        Thread.Sleep(300); // let the bridge get into its solve
        cli.Signal("TERM");
        Assert.That(cli.WaitForExit(Patience), Is.EqualTo(1), cli.Error);
        Assert.That(JsonNode.Parse(cli.Out)!["status"]!.GetValue<string>(), Is.EqualTo("interrupted"), cli.Out);
        foreach (var pid in children) Assert.That(ProcessTable.Running(pid), Is.False, $"solver child {pid} outlived the CLI");
    }

    [Test]
    public void AKillBetweenWriteAndRenameLeavesNoTruncatedFile()
    {
        using var dir = new TempDir();
        var output = Path.Combine(dir.Path, "out");
        var env = new Dictionary<string, string> { [AtomicFile.PauseVariable] = "60000" };
        using (var cli = new CliProcess(env, "solve", CliRunner.Example("spline1d.cnn"), "-o", output, "--quiet"))
        {
            Assert.That(cli.WaitUntil(() => Directory.Exists(output) && Directory.GetFiles(output, ".*.tmp").Length > 0, Patience),
                Is.True, cli.Error);
            cli.KillHard();
            cli.WaitForExit(Patience);
        }
        Assert.That(File.Exists(Path.Combine(output, "problem.json")), Is.False, "the destination is absent, not truncated");
        Assert.That(File.Exists(Path.Combine(output, "network.json")), Is.False);
        Assert.That(Directory.GetFiles(output, ".problem.json.*.tmp"), Has.Length.EqualTo(1), "SIGKILL leaves the temporary file");

        // The next write to the same folder removes the dead writer's leftover and writes complete files.
        var r = CliRunner.Run("solve", CliRunner.Example("spline1d.cnn"), "-o", output);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Assert.That(Directory.GetFiles(output, ".*.tmp"), Is.Empty);
        Assert.That(JsonNode.Parse(File.ReadAllText(Path.Combine(output, "problem.json"))), Is.Not.Null);
        Assert.That(JsonNode.Parse(File.ReadAllText(Path.Combine(output, "network.json"))), Is.Not.Null);
    }
}
