using ConicDsl.Backends;
using ConicDsl.Cli.Progress;

namespace ConicDsl.Tests.Cli;

/// <summary>The progress line's timing rules (docs/cli.md, "Progress"), driven by a fake clock and a captured stderr.</summary>
public class ProgressLineTests
{
    private static SolverIteration Iteration(int k) => new(k, 1.0 / (k + 1), 1e-3, 2e-3, 3e-3);

    internal static (ProgressLine Line, StringWriter Error, Action<double> SetSeconds) Make(bool terminal)
    {
        var error = new StringWriter();
        double seconds = 0;
        var line = new ProgressLine(error, terminal, "native", () => TimeSpan.FromSeconds(seconds));
        return (line, error, s => seconds = s);
    }

    [Test]
    public void NothingDuringTheFirstSecond()
    {
        foreach (bool terminal in new[] { true, false })
        {
            var (line, error, at) = Make(terminal);
            for (int k = 0; k < 20; k++)
            {
                at(0.05 * k);
                line.Report(Iteration(k));
            }
            line.Finish();
            Assert.That(error.ToString(), Is.Empty, terminal ? "terminal" : "redirected");
        }
    }

    [Test]
    public void RedirectedOutputGetsPlainLinesAtMostOncePerSecond()
    {
        var (line, error, at) = Make(terminal: false);
        // Iterations every 0.25 s from 1 s to 3.5 s: lines at 1.0, 2.0 and 3.0 s only.
        for (int k = 0; k <= 10; k++)
        {
            at(1 + 0.25 * k);
            line.Report(Iteration(k));
        }
        line.Finish();
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(error.ToString(), Does.Not.Contain("\r"));
        Assert.That(lines[0], Does.StartWith("native: iteration 0  objective 1.000000e+000  primal residual 1.00e-003  dual residual 2.00e-003  gap 3.00e-003  1.0 s"));
        Assert.That(lines[2], Does.StartWith("native: iteration 8 "));
    }

    [Test]
    public void ATerminalGetsOneLineRewrittenAtMostTenTimesASecond()
    {
        var (line, error, at) = Make(terminal: true);
        // 50 iterations 20 ms apart from 1 s: at most one redraw per 100 ms, so 10 redraws over one second.
        for (int k = 0; k < 50; k++)
        {
            at(1 + 0.02 * k);
            line.Report(Iteration(k));
        }
        var live = error.ToString();
        Assert.That(live.Count(c => c == '\r'), Is.EqualTo(10));
        Assert.That(live, Does.Not.Contain("\n"), "a live line never scrolls");
        line.Finish();
        var text = error.ToString();
        Assert.That(text[live.Length..].Trim('\r', ' '), Is.Empty, "Finish blanks the line and returns the cursor");
        Assert.That(text, Does.EndWith("\r"));
    }
}

public class ProgressHeartbeatTests
{
    [Test]
    public void AHeartbeatShowsTheElapsedTimeUntilIterationsArrive()
    {
        var error = new StringWriter();
        double seconds = 0;
        var line = new ProgressLine(error, false, "cvxopt", () => TimeSpan.FromSeconds(seconds));
        line.Heartbeat();
        seconds = 1.2;
        line.Heartbeat();
        seconds = 2.3;
        line.Report(new SolverIteration(0, 1, 1, 1, 1));
        seconds = 3.4;
        line.Heartbeat();
        line.Finish();
        seconds = 5;
        line.Report(new SolverIteration(1, 1, 1, 1, 1));
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Is.EqualTo("cvxopt: running  1.2 s"));
        Assert.That(lines[1], Does.StartWith("cvxopt: iteration 0 "), "after iterations arrive, heartbeats are ignored; after Finish, everything");
    }

    [Test]
    public void EnumerationShowsTheRegionCountAndTheHeartbeatKeepsItWithTheTime()
    {
        var (line, error, at) = ProgressLineTests.Make(terminal: false);
        at(0.5);
        line.Regions(1024); // within the first second: nothing
        at(1.2);
        line.Regions(4096);
        at(2.4);
        line.Heartbeat();   // repeats the last count with the current time
        at(3.5);
        line.Regions(6144);
        line.Finish();
        Assert.That(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "enumerating patterns: 4096 regions, 1.2 s",
            "enumerating patterns: 4096 regions, 2.4 s",
            "enumerating patterns: 6144 regions, 3.5 s",
        }));
    }

    [Test]
    public void AfterEnumerationTheLineNamesTheNextStageInsteadOfTheLastCount()
    {
        var (line, error, at) = ProgressLineTests.Make(terminal: false);
        at(1.2);
        line.Regions(4096);
        at(1.5);
        line.Regions(5000);                             // the total at the end, within the interval: not shown
        line.Stage("building the program over 5000 patterns"); // a new stage is shown at once
        at(2.0);
        line.Heartbeat();                               // within the interval
        at(2.6);
        line.Heartbeat();                               // repeats the stage, not the region count
        line.Finish();
        Assert.That(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "enumerating patterns: 4096 regions, 1.2 s",
            "building the program over 5000 patterns: 1.5 s",
            "building the program over 5000 patterns: 2.6 s",
        }));
    }

    [Test]
    public void OnATerminalTheRegionCountRewritesTheLine()
    {
        var (line, error, at) = ProgressLineTests.Make(terminal: true);
        at(1.0);
        line.Heartbeat();
        at(1.5);
        line.Regions(2048);
        line.Finish();
        var text = error.ToString();
        Assert.That(text, Does.StartWith("\rnative: running  1.0 s"));
        Assert.That(text, Does.Contain("\renumerating patterns: 2048 regions, 1.5 s"));
        Assert.That(text, Does.EndWith("\r"), "the line is wiped at the end");
    }
}

/// <summary>Which runs print progress at all: the CLI with a console-like context (progress on, stderr redirected).</summary>
public class ProgressSwitchTests
{
    private static (int Code, string Error) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var context = new ConicDsl.Cli.CliContext(o, e, CancellationToken.None) { ShowProgress = true };
        return (ConicDsl.Cli.CliApplication.Run(args, context), e.ToString());
    }

    [Test]
    public void ExactEnumerationShowsItsRegionCountThenTheProgramBeingBuilt()
    {
        // 20 Gaussian points in 3-D with a bias: in general position 2·Σ_{k<4} C(19, k) = 2 320 regions (more than 1 024,
        // so the enumerator reports counts while it runs), enumerated in well under a second by the certified
        // enumerator; progress is shown from the start (ProgressQuiet zero) so the check does not depend on speed.
        using var dir = new ConicDsl.Tests.Support.TempDir();
        var rng = new Random(3);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var csv = new System.Text.StringBuilder("a,b,c,y\n");
        for (int k = 0; k < 20; k++)
            csv.AppendLine(string.Join(",", Enumerable.Range(0, 4).Select(_ => Gaussian().ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
        dir.Write("d.csv", csv.ToString());
        var model = dir.Write("m.cnn", "model e {\n data \"d.csv\" target y\n network {\n input bias\n relu 8\n output 1\n }\n" +
                                       " loss squared\n regularize weight_decay 0.1\n arrangements exact\n}\n");
        var o = new StringWriter();
        var e = new StringWriter();
        var context = new ConicDsl.Cli.CliContext(o, e, CancellationToken.None) { ShowProgress = true, ProgressQuiet = TimeSpan.Zero };
        int code = ConicDsl.Cli.CliApplication.Run(["compile", model, "-o", Path.Combine(dir.Path, "e.json")], context);
        string error = e.ToString();
        Assert.That(code, Is.EqualTo(0), error);
        TestContext.Out.WriteLine(error);
        // Redirected stderr: plain lines, no carriage return; counts in multiples of 1 024 while enumerating (the
        // enumerator's contract; the first is shown at once, later ones at most once a second), then the next stage,
        // shown at once.
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(error, Does.Not.Contain("\r"));
        var counts = lines.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^enumerating patterns: (\d+) regions, [0-9.]+ s$"))
            .Where(m => m.Success).Select(m => long.Parse(m.Groups[1].Value)).ToList();
        Assert.That(counts, Is.Not.Empty, "the region count is shown during enumeration");
        Assert.That(counts, Has.All.Matches<long>(c => c > 0 && c % 1024 == 0));
        int lastCount = Array.FindLastIndex(lines, l => l.StartsWith("enumerating patterns:"));
        var after = lines.Skip(lastCount + 1).ToList();
        // Independent route for the count: the pattern count compile prints on stdout.
        int patterns = int.Parse(System.Text.RegularExpressions.Regex.Match(o.ToString(), @"^model\s+e: [a-z_]+, (\d+) patterns").Groups[1].Value);
        Assert.That(after, Is.Not.Empty);
        Assert.That(after, Has.All.Match($@"^building the program over {patterns} patterns: [0-9.]+ s$"),
            "after enumeration the line names the program being built, never the last count again");
    }

    [Test]
    public void JsonAndQuietPrintNoProgress()
    {
        using var dir = new ConicDsl.Tests.Support.TempDir();
        // xor with 400 sampled gates runs the native solver for several seconds; the time limit cuts it at 1.5 s,
        // past the first second after which progress would show.
        var model = dir.Write("slow.cnn", File.ReadAllText(ConicDsl.Tests.Support.CliRunner.Example("xor.cnn"))
            .Replace("\"xor.csv\"", $"\"{ConicDsl.Tests.Support.CliRunner.Example("xor.csv")}\"")
            .Replace("sample 200 seed 7", "sample 400 seed 7")
            .Replace("solve native", "solve native kkt dense")); // the sparse KKT path would finish within the limit
        foreach (var flag in new[] { "--json", "--quiet" })
        {
            var (code, error) = Run("solve", model, flag, "--time-limit", "1.5");
            Assert.That(code, Is.EqualTo(1), error);
            Assert.That(error, Does.Not.Contain("iteration"), flag);
        }
    }
}
