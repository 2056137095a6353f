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
        // Located at the arrangements statement (line 11 of spline1d.cnn).
        Assert.That(r.Error, Does.Match(@"spline1d\.cnn:11:3: error CNN1230: the program is too large for backend 'native'"));
        Assert.That(r.Error, Does.Contain("above the limit of 64 KiB (--memory-limit)"));
        Assert.That(r.Error, Does.Contain("fewer patterns").And.Contain("--backend scs").And.Contain("--memory-limit SIZE"));
        // The sizes are those of the program a solve reports (independent route: the report's own program line).
        var solved = CliRunner.Run("solve", CliRunner.Example("spline1d.cnn"));
        var program = Regex.Match(solved.Out, @"program\s+(\d+) variables, (\d+) rows");
        Assert.That(r.Error, Does.Contain($"{int.Parse(program.Groups[1].Value):N0} variables, {int.Parse(program.Groups[2].Value):N0} rows"));
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
