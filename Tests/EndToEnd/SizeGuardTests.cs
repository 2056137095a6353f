using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ConicDsl.Cli.Limits;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary><c>--memory-limit</c> and the default limit (docs/cli.md, "Size guard").</summary>
public class SizeGuardTests
{
    [Test]
    public void AProgramAboveTheLimitIsRefusedWithTheEstimateAndWhatToChange()
    {
        var r = CliRunner.Run("solve", CliRunner.Example("spline1d.cnn"), "--memory-limit", "64K");
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Error);
        Assert.That(r.Out, Is.Empty, "nothing is solved");
        // Located at the arrangements statement (line 11 of spline1d.cnn), refused before enumerating: the count is the
        // bound that `conicdsl arrangements` reports (independent route: the pattern analysis's own report).
        var bound = (double)CliRunner.Run("arrangements", CliRunner.Example("spline1d.cnn"), "--json").Json["bound"]!;
        Assert.That(r.Error, Does.Match(@"spline1d\.cnn:11:3: error CNN1230: the program is too large for backend 'native' \(estimated before lowering, "));
        Assert.That(r.Error, Does.Contain($"for at most {bound:N0} patterns (the bound on exact enumeration), before enumerating them)"));
        Assert.That(r.Error, Does.Contain("above the limit of 64 KiB (--memory-limit)"));
        Assert.That(r.Error, Does.Contain("fewer patterns").And.Contain("--backend scs").And.Contain("method fista").And.Contain("--memory-limit SIZE"));
    }

    /// <summary>n samples of y = |x| in one dimension (with a bias: rank 2, so exact enumeration has 2n regions).</summary>
    private static string Model(TempDir dir, int samples, string network, string arrangements, string solve = "native")
    {
        var csv = new StringBuilder("x,y\n");
        for (int k = 0; k < samples; k++)
        {
            double x = -1 + 2.0 * k / samples;
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{x:R},{Math.Abs(x):R}"));
        }
        dir.Write("d.csv", csv.ToString());
        return dir.Write("m.cnn", $$"""
            model big {
              data "d.csv" target y
              network {
                input bias
                {{network}} 64
                output 1
              }
              loss squared
              regularize weight_decay 0.01
              arrangements {{arrangements}}
              solve {{solve}}
            }
            """);
    }

    [TestCase("sample 2000 seed 1", @"the [0-9,]+ patterns found")]
    [TestCase("exact", @"at most 40,000 patterns \(the bound on exact enumeration\), before enumerating them")]
    public void AHugeModelIsRefusedBeforeItsPatternsAndProgramAreBuilt(string arrangements, string patterns)
    {
        // 20 000 samples × 2 000 (or up to 40 000) patterns: lowering would write about 10⁸ nonzeros (tens of GB) and exact
        // enumeration would run Z3 over 40 000 regions; the refusal comes from the estimate, in seconds — after sampling
        // (cheap, and the distinct patterns are counted exactly), before enumerating.
        using var dir = new TempDir();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = CliRunner.Run("solve", Model(dir, 20000, "relu", arrangements), "--memory-limit", "1G");
        double seconds = clock.Elapsed.TotalSeconds;
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Error);
        Assert.That(r.Error, Does.Contain("error CNN1230").And.Match($@"\(estimated before lowering, for {patterns}\)"));
        Assert.That(r.Error, Does.Match(@"lowering [0-9.]+ GiB, solver [0-9.]+ GiB; mostly "), "each stage's share is given");
        Assert.That(seconds, Is.LessThan(10), "refused before sampling or enumerating, and before lowering");
    }

    [Test]
    public void TheFirstOrderRouteIsSizedByItsOwnArraysNotByTheInteriorPointMethods()
    {
        // 3 000 samples, 100 sampled gates (45 distinct in one dimension): the interior-point method's equality presolve
        // alone holds 3 000 dense rows of 3 135 columns with their basis, 8·z·(2n + z) ≈ 220 MB (closed form); the
        // first-order route needs a few MB, so under a 128 MB limit only 'method fista' is accepted.
        using var dir = new TempDir();
        var ipm = CliRunner.Run("solve", Model(dir, 3000, "gated_relu", "sample 100 seed 1"), "--memory-limit", "128M");
        Assert.That(ipm.ExitCode, Is.EqualTo(2), ipm.Error);
        Assert.That(ipm.Error, Does.Contain("error CNN1230").And.Contain("mostly the equality presolve's dense rows (3,000 equalities)"));
        var fista = CliRunner.Run("solve", Model(dir, 3000, "gated_relu", "sample 100 seed 1", "native method fista fo_max_iters 20"),
            "--memory-limit", "128M");
        Assert.That(fista.Error, Does.Not.Contain("CNN1230"));
        Assert.That(fista.ExitCode, Is.Not.EqualTo(2), fista.Error);
    }

    [Test]
    public void AProgramWithinTheLimitSolves()
    {
        var r = CliRunner.Run("solve", CliRunner.Example("spline1d.cnn"), "--memory-limit", "1G");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
    }

    [Test]
    public void AMalformedLimitIsBadInput()
    {
        var r = CliRunner.Run("solve", CliRunner.Example("spline1d.cnn"), "--memory-limit", "lots");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error, Does.Contain("--memory-limit 'lots' is not a size"));
    }

    [Test]
    public void TheNativeEstimateFollowsTheKktOption()
    {
        // 2 000 samples, 10 patterns: a KKT matrix of order 4 060 whose pattern the rule factors sparsely; 'kkt dense'
        // makes the solver hold the 4 060² matrix (closed form: 8·4 060² bytes = 125.8 MiB), and the estimate says so.
        using var dir = new TempDir();
        var auto = CliRunner.Run("solve", Model(dir, 2000, "relu", "sample 10 seed 1", "native kkt auto"), "--memory-limit", "1K");
        var dense = CliRunner.Run("solve", Model(dir, 2000, "relu", "sample 10 seed 1", "native kkt dense"), "--memory-limit", "1K");
        Assert.That(auto.Error, Does.Contain("error CNN1230").And.Not.Contain("dense KKT matrix"));
        Assert.That(dense.Error, Does.Contain("mostly the dense KKT matrix of order 4,060 (variables + equality rows; kkt dense asked for)"));
        double Solver(string error) => double.Parse(Regex.Match(error, @"solver ([0-9.]+) MiB").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(Solver(auto.Error), Is.LessThan(Solver(dense.Error)));
        Assert.That(Solver(dense.Error), Is.GreaterThanOrEqualTo(8.0 * 4060 * 4060 / (1 << 20)));
    }

    [Test]
    public void CompileRefusesAHugeModelBeforeBuildingItAndWritesNothing()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "big.conic.json");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = CliRunner.Run("compile", Model(dir, 20000, "relu", "sample 2000 seed 1"), "--memory-limit", "1G", "-o", target);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Error);
        Assert.That(r.Error, Does.Match(@"m\.cnn:10:3: error CNN1230: the program is too large to write \(estimated before lowering, for the [0-9,]+ patterns found\)"));
        Assert.That(r.Error, Does.Match(@"lowering [0-9.]+ GiB, writing [0-9.]+ GiB; mostly "));
        Assert.That(r.Error, Does.Contain("--memory-limit SIZE").And.Not.Contain("--backend scs"), "compile's hint names no solver");
        Assert.That(File.Exists(target), Is.False);
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(10), "refused from the estimate, before lowering");
    }

    [Test]
    public void CompileRefusesAMaxPoolingModelFromItsEstimateBeforeLowering()
    {
        // The two-layer CNN with max pooling reads its cones off the regions; its estimator counts them without
        // forming them, so the refusal comes before lowering, and nothing is written.
        using var dir = new TempDir();
        dir.Write("rises.csv", File.ReadAllText(CliRunner.Example("rises.csv")));
        var model = dir.Write("max.cnn", File.ReadAllText(CliRunner.Example("rises_cnn.cnn")).Replace("pool sum", "pool max"));
        var target = Path.Combine(dir.Path, "cnn.conic.json");
        var r = CliRunner.Run("compile", model, "--memory-limit", "4K", "-o", target);
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Error);
        Assert.That(r.Error, Does.Contain("error CNN1230: the program is too large to write (estimated before lowering")
            .And.Contain("above the limit of 4 KiB (--memory-limit)"));
        Assert.That(File.Exists(target), Is.False);
        Assert.That(CliRunner.Run("compile", model, "--memory-limit", "lots").Error,
            Does.Contain("--memory-limit 'lots' is not a size"));
    }

    [TestCase("json")]
    [TestCase("cbf")]
    [TestCase("scs-json")]
    public void CompileWithinTheLimitWritesAndTheTextBoundHoldsOnTheWrittenFile(string format)
    {
        // Independent route: the file written. The text bound (24 characters per number, UTF-16, twice) is at least
        // twice the written characters' bytes.
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "p." + format);
        var r = CliRunner.Run("compile", CliRunner.Example("spline1d.cnn"), "--memory-limit", "1G", "-f", format, "-o", target);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        long variables = long.Parse(Regex.Match(r.Out, @"variables\s+(\d+)").Groups[1].Value);
        long rows = long.Parse(Regex.Match(r.Out, @"rows\s+(\d+)").Groups[1].Value);
        var nonZeros = Regex.Match(r.Out, @"nonzeros\s+A (\d+), P (\d+)");
        var shape = new ConicDsl.Conic.ProgramShape
        {
            Variables = variables, Rows = rows,
            NonZeros = long.Parse(nonZeros.Groups[1].Value), QuadraticNonZeros = long.Parse(nonZeros.Groups[2].Value),
        };
        long characters = File.ReadAllText(target).Length;
        TestContext.Out.WriteLine($"{format}: {characters} characters, bound {SizeGuard.TextBytes(shape)} bytes");
        Assert.That(SizeGuard.TextBytes(shape), Is.GreaterThanOrEqualTo(2 * 2 * characters));
    }

    [TestCase("1000", 1000L)]
    [TestCase("64K", 65536L)]
    [TestCase("512M", 512L << 20)]
    [TestCase("1.5GiB", 3L << 29)]
    [TestCase("2 g", 2L << 30)]
    [TestCase("0", null)]
    [TestCase("-1G", null)]
    [TestCase("4X", null)]
    public void SizesUseBinaryUnits(string text, long? bytes) => Assert.That(MemoryLimit.Parse(text), Is.EqualTo(bytes));

    [Test]
    public void TheDefaultLimitIsAFractionOfWhatIsAvailableNow()
    {
        // Independent route: /proc/meminfo read here, not through MemoryLimit.
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemAvailable:"));
        long kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        long available = MemoryLimit.Available();
        Assert.That(available, Is.GreaterThan(0));
        Assert.That(available, Is.LessThanOrEqualTo(kb * 1024 * 1.2), "never more than the kernel says is available (20% drift allowed)");
    }
}
