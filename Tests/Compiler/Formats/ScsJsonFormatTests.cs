using System.Text.Json.Nodes;
using ConicDsl.Backends.Scs;
using ConicDsl.Conic.Formats;

namespace ConicDsl.Tests.Compiler.Formats;

public class ScsJsonFormatTests
{
    [Test]
    public void TheScsBackendSendsExactlyTheScsJsonFile()
    {
        foreach (var program in new[] { FormatPrograms.Lp(), FormatPrograms.Socp(), FormatPrograms.Sdp(), FormatPrograms.DiagonalQp() })
            Assert.That(ScsBackend.ProgramFile(program), Is.EqualTo(ScsJsonFormat.Write(program)));
    }

    [Test]
    public void DataAndConeUseScssNamesAndLayout()
    {
        var program = FormatPrograms.Sdp();
        var root = JsonNode.Parse(ScsJsonFormat.Write(program))!;
        Assert.That((string?)root["format"], Is.EqualTo("scs-json/1"));
        var data = root["data"]!;
        Assert.That(((int)data["m"]!, (int)data["n"]!), Is.EqualTo((program.Constraints, program.Variables)));
        Assert.That(data["A_x"]!.AsArray().Select(v => (double)v!), Is.EqualTo(program.A.Values));
        Assert.That(data["A_i"]!.AsArray().Select(v => (int)v!), Is.EqualTo(program.A.RowIndices));
        Assert.That(data["A_p"]!.AsArray().Select(v => (int)v!), Is.EqualTo(program.A.ColumnPointers));
        Assert.That(data["b"]!.AsArray().Select(v => (double)v!), Is.EqualTo(program.B));
        Assert.That(data["c"]!.AsArray().Select(v => (double)v!), Is.EqualTo(program.C));
        Assert.That(data["P_x"], Is.Null, "a linear objective sends no P");
        var cone = root["cone"]!;
        Assert.That(((int)cone["z"]!, (int)cone["l"]!, (int)cone["qsize"]!, (int)cone["ssize"]!), Is.EqualTo((1, 1, 0, 2)));
        Assert.That(cone["s"]!.AsArray().Select(v => (int)v!), Is.EqualTo(new[] { 3, 2 }));
        Assert.That((double)root["objective_constant"]!, Is.EqualTo(-1.5));
    }

    [Test]
    public void QuadraticObjectiveIsSentAsTheUpperTriangle()
    {
        var program = FormatPrograms.CoupledQp(singular: false);
        var data = JsonNode.Parse(ScsJsonFormat.Write(program))!["data"]!;
        Assert.That(data["P_x"]!.AsArray().Select(v => (double)v!), Is.EqualTo(program.P!.Values));
        Assert.That(data["P_i"]!.AsArray().Select(v => (int)v!), Is.EqualTo(program.P.RowIndices));
        Assert.That(data["P_p"]!.AsArray().Select(v => (int)v!), Is.EqualTo(program.P.ColumnPointers));
    }

    [Test]
    public void PsdProgramsAreWrittenButTheWasmBackendRefusesThem()
    {
        Assert.That(new ScsBackend().Rejects(FormatPrograms.Sdp()), Does.Contain("PSD").And.Contain("--format cbf"));
        Assert.That(new ScsBackend().Rejects(FormatPrograms.Socp()), Is.Null);
        Assert.That(ProgramFormats.Find("scs-json")!.Rejects(FormatPrograms.Sdp()), Is.Null, "the file is for any SCS build, LAPACK ones included");
    }
}
