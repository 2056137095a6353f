using System.Text;
using ConicDsl.Compiler.Data;
using ConicDsl.Dsl.Diagnostics;

namespace ConicDsl.Tests.Compiler.Data;

public class CsvTableReaderTests
{
    private static (CsvTable? Table, System.Collections.Immutable.ImmutableArray<Diagnostic> Diagnostics) Read(string text, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bom) bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(bytes).ToArray();
        return CsvTableReader.Read(new MemoryStream(bytes), "d.csv");
    }

    [Test]
    public void ReadsHeaderAndRowsWithLineNumbers()
    {
        var (table, diags) = Read("x,y\n1,2\n\n3,4\n");
        Assert.That(diags, Is.Empty);
        Assert.That(table!.Header, Is.EqualTo(new[] { "x", "y" }));
        Assert.That(table.Rows.Select(r => r.Line), Is.EqualTo(new[] { 2, 4 }), "blank line 3 is skipped but counted");
    }

    [Test]
    public void QuotedFieldsWithCommasAndBomAndCrlf()
    {
        var (table, diags) = Read("\"a,b\",y\r\n\"1\",2\r\n3,4\r\n", bom: true);
        Assert.That(diags, Is.Empty);
        Assert.That(table!.Header[0], Is.EqualTo("a,b"));
        Assert.That(table.Rows[0].Cells[0], Is.EqualTo("1"));
    }

    [Test]
    public void RaggedRowIsLocatedByRow()
    {
        var (table, diags) = Read("x,y\n1,2\n3\n5,6\n");
        Assert.That(table, Is.Null);
        var d = diags.Single();
        Assert.That((d.Id, d.Span.Line), Is.EqualTo((DiagnosticIds.RaggedRow, 3)));
    }

    [Test]
    public void EmptyFileAndTooFewRowsAndDuplicateHeader()
    {
        Assert.That(Read("").Diagnostics.Single().Id, Is.EqualTo(DiagnosticIds.EmptyDataFile));
        Assert.That(Read("x,y\n1,2\n").Diagnostics.Single().Id, Is.EqualTo(DiagnosticIds.TooFewRows));
        var dup = Read("x,x\n1,2\n3,4\n").Diagnostics.Single();
        Assert.That((dup.Id, dup.Span.Line, dup.Span.Column), Is.EqualTo((DiagnosticIds.DuplicateColumnName, 1, 2)));
    }

    [Test]
    public void SemicolonSeparatedFileIsExplained()
    {
        var d = Read("x;y\n1;2\n3;4\n").Diagnostics;
        Assert.That(d.Any(x => x.Message.Contains("semicolon")), Is.True);
    }
}
