using ConicDsl.Backends;
using ConicDsl.Compiler.Data;
using ConicDsl.Dsl;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Robustness;

/// <summary>
/// Every bad input of Tests/Corpus (listed with its expected diagnostic in expected.tsv) run through the real
/// CLI: a non-zero exit, the exact located diagnostic, no stack trace, no file written. The expectations were
/// reviewed by hand against the file contents (line and column of the fault), not copied from the code's output
/// blindly: a wrong location or an unhelpful message was fixed in the code instead.
/// </summary>
public class HostileCorpusTests
{
    private static string CorpusDir => Path.Combine(TestContext.CurrentContext.TestDirectory, "Corpus");

    public sealed record Entry(string File, int ExitCode, string Diagnostic)
    {
        public override string ToString() => File;
    }

    public static IEnumerable<TestCaseData> Entries()
    {
        var dir = Path.Combine(Path.GetDirectoryName(typeof(HostileCorpusTests).Assembly.Location)!, "Corpus");
        foreach (var line in File.ReadLines(Path.Combine(dir, "expected.tsv")))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cells = line.Split('\t');
            yield return new TestCaseData(new Entry(cells[0], int.Parse(cells[1]), cells[2])).SetName($"Corpus({cells[0]})");
        }
    }

    [Test]
    public void CorpusIsLargeEnough() =>
        Assert.That(Entries().Count(), Is.GreaterThanOrEqualTo(60), "issue 7 asks for at least 60 bad inputs");

    [TestCaseSource(nameof(Entries))]
    public void BadInputGetsItsLocatedDiagnostic(Entry entry)
    {
        using var temp = new TempDir();
        var output = Path.Combine(temp.Path, "out.json");
        var outcome = CliRunner.Run("compile", Path.Combine(CorpusDir, entry.File), "-o", output);
        var stderr = outcome.Error.Replace(CorpusDir + Path.DirectorySeparatorChar, "");
        AssertCleanFailure(outcome, entry.ExitCode);
        Assert.That(stderr.Split('\n').Select(l => l.TrimEnd('\r')).Any(l => l.StartsWith(entry.Diagnostic, StringComparison.Ordinal)),
            Is.True, $"expected a line starting with\n{entry.Diagnostic}\ngot:\n{stderr}");
        Assert.That(File.Exists(output), Is.False, "nothing is written for a bad input");
    }

    [Test]
    public void MissingModelFileIsNamedWithoutLocation()
    {
        var outcome = CliRunner.Run("compile", "/nonexistent/folder/m.cnn");
        AssertCleanFailure(outcome, 2);
        Assert.That(outcome.Error, Does.StartWith("/nonexistent/folder/m.cnn: error CNN1008: cannot read the model file"));
    }

    [Test]
    public void TenMegabyteModelFileIsLocatedToItsLastLine()
    {
        using var temp = new TempDir();
        File.Copy(Path.Combine(CorpusDir, "ok.csv"), Path.Combine(temp.Path, "ok.csv"));
        var comment = "    // " + new string('c', 93) + "\n";   // 100 characters a line
        int lines = 10 * 1024 * 1024 / comment.Length + 1;
        var text = new System.Text.StringBuilder("model m {\n  data \"ok.csv\" target y\n  network {\n    input bias\n    relu 4\n");
        for (int i = 0; i < lines; i++) text.Append(comment);
        text.Append("    outpt 1\n  }\n  loss squared\n}\n");
        var path = temp.Write("huge.cnn", text.ToString());
        Assert.That(new FileInfo(path).Length, Is.GreaterThan(10_000_000));

        var outcome = CliRunner.Run("compile", path, "-o", Path.Combine(temp.Path, "out.json"));
        AssertCleanFailure(outcome, 2);
        // The misspelled layer stands after the 5 header lines and the comment lines.
        Assert.That(outcome.Error, Does.Contain($"huge.cnn:{5 + lines + 1}:5: error CNN1004: unknown layer 'outpt'"));
    }

    [Test]
    public void MillionRowCsvWithOneBadCellIsLocatedToItsRow()
    {
        using var temp = new TempDir();
        var path = WriteMillionRowModel(temp, badLastCell: true);
        var outcome = CliRunner.Run("compile", path, "-o", Path.Combine(temp.Path, "out.json"));
        AssertCleanFailure(outcome, 2);
        // Header on line 1, rows on lines 2..1 000 001; the last row's target is NaN.
        Assert.That(outcome.Error, Does.Contain("big.csv:1000001:3: error CNN2007: cell 'NaN' in column 'y' is not finite"));
    }

    [Test]
    public void MillionRowCsvIsBound()
    {
        using var temp = new TempDir();
        var path = WriteMillionRowModel(temp, badLastCell: false);
        var front = ModelFrontEnd.Load(path, File.ReadAllText(path), BackendRegistry.Catalog());
        var (data, diagnostics) = DataBinder.Bind(front.Model!);
        Assert.That(diagnostics.Where(d => d.IsError), Is.Empty);
        Assert.That(data!.Samples, Is.EqualTo(1_000_000));
    }

    [Test]
    public void CsvWithByteOrderMarkOrUtf16Compiles()
    {
        using var temp = new TempDir();
        File.Copy(Path.Combine(CorpusDir, "ok.csv"), Path.Combine(temp.Path, "ok.csv"));
        var model = File.ReadAllText(Path.Combine(CorpusDir, "sem_duplicate_loss.cnn")).Replace("  loss hinge\n", "");
        File.WriteAllText(Path.Combine(temp.Path, "bom.csv"), File.ReadAllText(Path.Combine(CorpusDir, "ok.csv")), new System.Text.UTF8Encoding(true));
        File.WriteAllText(Path.Combine(temp.Path, "utf16.csv"), File.ReadAllText(Path.Combine(CorpusDir, "ok.csv")), System.Text.Encoding.Unicode);
        foreach (var csv in new[] { "bom.csv", "utf16.csv" })
        {
            var path = temp.Write(csv + ".cnn", model.Replace("\"ok.csv\"", $"\"{csv}\""));
            var outcome = CliRunner.Run("compile", path, "-o", Path.Combine(temp.Path, csv + ".json"));
            Assert.That(outcome.ExitCode, Is.EqualTo(0), csv + ":\n" + outcome.Error);
        }
    }

    private static string WriteMillionRowModel(TempDir temp, bool badLastCell)
    {
        var random = new Random(1);
        var csv = new System.Text.StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 1_000_000; i++)
        {
            var y = badLastCell && i == 999_999 ? "NaN" : random.Next(100).ToString();
            csv.Append(random.Next(1000)).Append(',').Append(random.Next(1000)).Append(',').Append(y).Append('\n');
        }
        temp.Write("big.csv", csv.ToString());
        return temp.Write("big.cnn", "model big {\n  data \"big.csv\" target y\n  network {\n    input bias\n    relu 4\n    output 1\n  }\n" +
            "  loss squared\n  regularize weight_decay 0.1\n  arrangements sample 4 seed 1\n}\n");
    }

    private static void AssertCleanFailure(CliRunner.Outcome outcome, int exitCode)
    {
        Assert.That(outcome.ExitCode, Is.EqualTo(exitCode), outcome.Error);
        foreach (var text in new[] { outcome.Out, outcome.Error })
        {
            Assert.That(text, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(text, Does.Not.Contain("Exception"), "no exception name");
            Assert.That(text, Does.Not.Contain("internal error"));
        }
    }
}
