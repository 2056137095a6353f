using System.Text.RegularExpressions;
using ConicDsl.Conic;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

public class CliTests
{
    [Test]
    public void BadModelReportsEveryErrorLocatedAndExitsWith2()
    {
        using var dir = new TempDir();
        var path = dir.Write("m.cnn", "model m {\n  data \"d.csv\" target y\n  network {\n    input bias\n    relu 2.5\n    output 1\n  }\n  los squared\n  regularize weight_decay -1\n}\n");
        var r = CliRunner.Run("solve", path);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Out, Is.Empty);
        var lines = r.Error.Split('\n').Where(l => l.Contains(": error ")).ToArray();
        Assert.That(lines, Has.Length.GreaterThanOrEqualTo(3), r.Error);
        foreach (var line in lines) Assert.That(line, Does.Match(@"^.+:\d+:\d+: error CNN\d{4}: .+"));
        Assert.That(r.Error, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void DataFaultsAreLocatedByRowAndColumn()
    {
        using var dir = new TempDir();
        dir.Write("d.csv", "x,y\n1,2\n3,oops\n");
        var path = dir.Write("m.cnn", "model m {\n  data \"d.csv\" target y\n  network {\n    input bias\n    relu 4\n    output 1\n  }\n  loss squared\n}\n");
        var r = CliRunner.Run("solve", path);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error, Does.Contain("d.csv:3:2: error CNN2002:"));
    }

    [Test]
    public void CompileWritesAProgramThatReadsBack()
    {
        using var dir = new TempDir();
        var output = Path.Combine(dir.Path, "p.json");
        var r = CliRunner.Run("compile", CliRunner.Example("spline1d.cnn"), "-o", output);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        var program = ConicProgramJson.Read(File.ReadAllText(output));
        // math.md §2.4 sizes with n = 20, d̃ = 2, P = 39: 2Pd̃ + 2P + n variables, n zero rows, 2Pn nonneg rows, 2P cones.
        Assert.That(program.Variables, Is.EqualTo(2 * 39 * 2 + 2 * 39 + 20));
        Assert.That((program.Cones.Zero, program.Cones.NonNegative, program.Cones.SecondOrder.Length), Is.EqualTo((20, 2 * 39 * 20, 2 * 39)));
        Assert.That(r.Out, Does.Contain($"variables  {program.Variables}"));
    }

    [Test]
    public void ArrangementsJsonReportsCountRankAndBound()
    {
        var r = CliRunner.Run("arrangements", CliRunner.Example("spline1d.cnn"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        var j = r.Json;
        Assert.That(((int)j["patterns"]!, (int)j["rank"]!, (double)j["bound"]!), Is.EqualTo((39, 2, 40.0)),
            "20 distinct 1-D points with bias: 2·(1 + 19) = 40 regions, the all-zero one dropped");
        Assert.That((double)j["seconds"]!, Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void ExactEnumerationAboveTheLimitIsRefusedWithTheEstimate()
    {
        using var dir = new TempDir();
        var rng = new Random(1);
        dir.Write("d.csv", "a,b,c,d,y\n" + string.Join("\n", Enumerable.Range(0, 60).Select(_ =>
            string.Join(",", Enumerable.Range(0, 5).Select(_ => rng.NextDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture))))) + "\n");
        var path = dir.Write("m.cnn", "model m {\n  data \"d.csv\" target y\n  network {\n    input bias\n    relu 4\n    output 1\n  }\n  loss squared\n  arrangements exact limit 1000\n}\n");
        var r = CliRunner.Run("solve", path);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        // 60 points in general position, rank 5: 2·Σ_{k<5} C(59, k) = 2·(1 + 59 + 1711 + 32509 + 455126) = 978 812.
        Assert.That(r.Error, Does.Contain("error CNN1205").And.Contain("978,812"));
        Assert.That(Regex.IsMatch(r.Error, @"m\.cnn:9:\d+: error CNN1205"), r.Error);
    }

    [Test]
    public void TheModelsOwnLimitIsTheOneApplied()
    {
        using var dir = new TempDir();
        File.Copy(CliRunner.Example("spline1d.csv"), Path.Combine(dir.Path, "spline1d.csv"));
        var text = File.ReadAllText(CliRunner.Example("spline1d.cnn"));
        var tight = dir.Write("tight.cnn", text.Replace("arrangements exact", "arrangements exact limit 30"));
        var r = CliRunner.Run("arrangements", tight);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error, Does.Contain("CNN1205").And.Contain("above the limit 30"), "bound 40 > 30");
        var loose = dir.Write("loose.cnn", text.Replace("arrangements exact", "arrangements exact limit 40"));
        Assert.That(CliRunner.Run("arrangements", loose).ExitCode, Is.EqualTo(0), "bound 40 ≤ 40");
    }

    [Test]
    public void UnknownCommandLineOptionIsBadInput()
    {
        var r = CliRunner.Run("solve", CliRunner.Example("xor.cnn"), "--no-such-flag");
        Assert.That(r.ExitCode, Is.EqualTo(2));
    }
}
