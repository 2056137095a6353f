using ConicDsl.Compiler.Pipeline;
using ConicDsl.Conic.Explanation;
using ConicDsl.Dsl;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>
/// 'conicdsl explain': every variable and constraint family of the compiled program appears with its count and cone.
/// Reference: the ConicProgram compiled independently in the test (its blocks and cone layout), not hard-coded counts.
/// </summary>
public class ExplainCliTests
{
    [TestCase("spline1d.cnn")]
    [TestCase("xor_gated.cnn")]
    [TestCase("quadratic.cnn")]
    [TestCase("xor_logistic.cnn")]
    [TestCase("rises_cnn.cnn")]
    public void ListsEveryFamilyOfTheProgramWithItsCountAndCone(string example)
    {
        var path = CliRunner.Example(example);
        var run = CliRunner.Run("explain", path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);

        var loaded = ModelFrontEnd.Load(path, File.ReadAllText(path), ConicDsl.Backends.BackendRegistry.Catalog());
        var (compiled, _) = ModelCompiler.Compile(loaded.Model!);
        var program = compiled!.Lowered.Program;
        var lines = run.Out.Split('\n');
        foreach (var family in ProgramFamilies.Rows(program))
        {
            string count = family.Blocks == 1 ? $"{family.Size}" : $"{family.Blocks} x {family.SizeRange} = {family.Size}";
            Assert.That(lines.Any(l => l.TrimStart().StartsWith(family.Name + " ") && l.Contains(count) && l.Contains($"[{family.Cone}]")),
                $"row family {family.Name} ({count}, {family.Cone}) in:\n{run.Out}");
        }
        foreach (var family in ProgramFamilies.Variables(program))
            Assert.That(lines.Any(l => l.TrimStart().StartsWith(family.Name + " ") && l.Contains($"{family.Size}")), family.Name);
        // The families partition the program: their sizes add up to its dimensions.
        Assert.That(ProgramFamilies.Rows(program).Sum(f => f.Size), Is.EqualTo(program.Constraints));
        Assert.That(ProgramFamilies.Variables(program).Sum(f => f.Size), Is.EqualTo(program.Variables));
        Assert.That(run.Out, Does.Contain($"variables ({program.Variables})"));
        Assert.That(run.Out, Does.Contain($"constraints ({program.Constraints} rows"));
        Assert.That(run.Out, Does.Contain("claim"));
    }

    [Test]
    public void ConeOfEachRowFamilyMatchesTheLayout()
    {
        // Reference: the cone layout's fixed order — the rows of the SOC families add up to the layout's SOC rows.
        var path = CliRunner.Example("spline1d.cnn");
        var loaded = ModelFrontEnd.Load(path, File.ReadAllText(path), ConicDsl.Backends.BackendRegistry.Catalog());
        var program = ModelCompiler.Compile(loaded.Model!).Compiled!.Lowered.Program;
        var rows = ProgramFamilies.Rows(program);
        Assert.That(rows.Where(f => f.Cone == "zero").Sum(f => f.Size), Is.EqualTo(program.Cones.Zero));
        Assert.That(rows.Where(f => f.Cone == "nonneg").Sum(f => f.Size), Is.EqualTo(program.Cones.NonNegative));
        Assert.That(rows.Where(f => f.Cone == "soc").Sum(f => f.Size), Is.EqualTo(program.Cones.SecondOrderRows));
        Assert.That(rows.Where(f => f.Cone == "soc").Sum(f => f.Blocks), Is.EqualTo(program.Cones.SecondOrder.Length));
    }

    [Test]
    public void ABadModelGivesItsDiagnosticAndExit2()
    {
        using var dir = new TempDir();
        var run = CliRunner.Run("explain", dir.Write("bad.cnn", "model m {\n  losss squared\n}\n"));
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("bad.cnn:"));
        Assert.That(run.Out, Is.Empty);
    }
}
