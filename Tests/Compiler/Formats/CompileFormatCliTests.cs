using System.Text.Json.Nodes;
using ConicDsl.Conic;
using ConicDsl.Conic.Formats;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Formats;

public class CompileFormatCliTests
{
    [Test]
    public void CompileAsCbfWritesAFileThatReadsBack()
    {
        using var dir = new TempDir();
        var json = Path.Combine(dir.Path, "p.json");
        var cbf = Path.Combine(dir.Path, "p.cbf");
        Assert.That(CliRunner.Run("compile", CliRunner.Example("spline1d.cnn"), "-o", json).ExitCode, Is.EqualTo(0));
        var r = CliRunner.Run("compile", CliRunner.Example("spline1d.cnn"), "--format", "cbf", "-o", cbf);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Assert.That(r.Out, Does.Contain("(cbf)"));
        var program = ConicProgramJson.Read(File.ReadAllText(json));
        var read = CbfFormat.Read(File.ReadAllText(cbf));
        var expected = CbfFormat.LiftQuadraticObjective(program);
        Assert.That(read.Cones, Is.EqualTo(expected.Cones));
        Assert.That(read.A.Entries(), Is.EqualTo(expected.A.Entries()));
        Assert.That(read.B, Is.EqualTo(expected.B));
        Assert.That(read.C, Is.EqualTo(expected.C));
        Assert.That(read.VariableBlocks, Is.EqualTo(expected.VariableBlocks));
        Assert.That(Directory.GetFiles(dir.Path).Select(Path.GetFileName), Is.EquivalentTo(new[] { "p.json", "p.cbf" }), "no temporary file left behind");
    }

    [Test]
    public void CompileAsScsJsonWritesWhatTheBackendSends()
    {
        using var dir = new TempDir();
        var json = Path.Combine(dir.Path, "p.json");
        var scs = Path.Combine(dir.Path, "p.scs.json");
        Assert.That(CliRunner.Run("compile", CliRunner.Example("xor.cnn"), "-o", json).ExitCode, Is.EqualTo(0));
        var r = CliRunner.Run("compile", CliRunner.Example("xor.cnn"), "--format", "scs-json", "-o", scs);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        var program = ConicProgramJson.Read(File.ReadAllText(json));
        Assert.That(File.ReadAllText(scs), Is.EqualTo(ConicDsl.Backends.Scs.ScsBackend.ProgramFile(program)));
    }

    [Test]
    public void DefaultFormatIsJson()
    {
        using var dir = new TempDir();
        var output = Path.Combine(dir.Path, "p.json");
        var r = CliRunner.Run("compile", CliRunner.Example("spline1d.cnn"), "-o", output);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Assert.That((string?)JsonNode.Parse(File.ReadAllText(output))!["format"], Is.EqualTo(ConicProgramJson.Format));
    }

    [Test]
    public void SdpaIsWrittenAndMpsRefusesConePrograms()
    {
        // xor (hinge loss) has no quadratic objective, so SDPA can hold it; its cones rule MPS out.
        using var dir = new TempDir();
        var sdpa = Path.Combine(dir.Path, "p.dat-s");
        var r = CliRunner.Run("compile", CliRunner.Example("xor.cnn"), "--format", "sdpa", "-o", sdpa);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Assert.That(File.ReadLines(sdpa).First(l => !l.StartsWith('*')), Is.EqualTo("1072"), "m = number of our variables");
        var mps = CliRunner.Run("compile", CliRunner.Example("xor.cnn"), "--format", "mps", "-o", Path.Combine(dir.Path, "p.mps"));
        Assert.That(mps.ExitCode, Is.EqualTo(2));
        Assert.That(mps.Error, Does.Contain("MPS holds linear programs only").And.Contain("--format cbf"));
        Assert.That(File.Exists(Path.Combine(dir.Path, "p.mps")), Is.False);
    }

    [Test]
    public void UnknownFormatIsBadInput()
    {
        var r = CliRunner.Run("compile", CliRunner.Example("spline1d.cnn"), "--format", "xlsx");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error, Does.Contain("unknown format 'xlsx'"));
        Assert.That(r.Error, Does.Contain("json, cbf, scs-json"));
    }

    [Test]
    public void AFormatThatCannotHoldTheProgramIsRefusedNamingOneThatCan()
    {
        var linearOnly = new ProgramFormat("test-lp-only", ".lp", "test", _ => "",
            p => p.Cones.SecondOrder.Length > 0 || p.HasQuadraticObjective ? "it holds linear programs only" : null);
        var message = ProgramFormats.Refusal(linearOnly, FormatPrograms.Socp());
        Assert.That(message, Is.EqualTo("format 'test-lp-only' cannot hold this program: it holds linear programs only; use --format json or --format cbf"));
        Assert.That(ProgramFormats.Refusal(linearOnly, FormatPrograms.Lp()), Is.Null);
    }

    [Test]
    public void ARegisteredRefusingFormatExitsWithTwoThroughTheCli()
    {
        ProgramFormats.Register(new ProgramFormat("test-refuses-all", ".x", "test", _ => "", _ => "it holds nothing"));
        using var dir = new TempDir();
        var r = CliRunner.Run("compile", CliRunner.Example("spline1d.cnn"), "--format", "test-refuses-all", "-o", Path.Combine(dir.Path, "p.x"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error, Does.Contain("format 'test-refuses-all' cannot hold this program: it holds nothing; use --format json or --format cbf"));
        Assert.That(Directory.GetFiles(dir.Path), Is.Empty);
    }
}
