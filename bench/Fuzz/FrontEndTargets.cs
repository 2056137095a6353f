using System.Text;
using ConicDsl.Backends;
using ConicDsl.Compiler.Data;
using ConicDsl.Dsl;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Fuzz;

/// <summary>
/// Feeds an input to the front end exactly as the CLI does: a model file is decoded like File.ReadAllText,
/// loaded and checked, and (when it checks) bound to its data; a CSV file is bound through a small valid model
/// naming its last header cell as the target. Diagnostics are the expected outcome; an exception is a failure.
/// </summary>
public sealed class FrontEndTargets(string seedFolder, string scratchFolder)
{
    private static readonly BackendCatalog Catalog = BackendRegistry.Catalog();

    /// <summary>Runs the input; returns whether the front end accepted it (no error diagnostics).</summary>
    public bool Run(FuzzInput input) => input.Kind == FuzzTargetKind.ModelFile ? RunModel(input) : RunCsv(input);

    private bool RunModel(FuzzInput input)
    {
        var text = Decode(input.Bytes);
        // Located among the examples, so that a data path that survived the mutation binds to a real file.
        var result = ModelFrontEnd.Load(Path.Combine(seedFolder, "fuzz.cnn"), text, Catalog);
        if (result.Model is null) return false;
        var (data, _) = DataBinder.Bind(result.Model);
        return data is not null;
    }

    private bool RunCsv(FuzzInput input)
    {
        var csvPath = Path.Combine(scratchFolder, $"fuzz-{input.Index}.csv");
        File.WriteAllBytes(csvPath, input.Bytes);
        try
        {
            var target = LastHeaderCell(Decode(input.Bytes));
            var loss = (input.Index % 3) switch { 0 => "squared", 1 => "hinge", _ => "logistic" };
            var model = $"model f {{\n  data \"{Path.GetFileName(csvPath)}\" target \"{target}\" standardize\n" +
                        $"  network {{\n    input bias\n    relu 4\n    output 1\n  }}\n  loss {loss}\n  regularize weight_decay 0.1\n}}\n";
            var result = ModelFrontEnd.Load(Path.Combine(scratchFolder, "fuzz.cnn"), model, Catalog);
            if (result.Model is null) return false;
            var (data, _) = DataBinder.Bind(result.Model);
            return data is not null;
        }
        finally
        {
            File.Delete(csvPath);
        }
    }

    private static string Decode(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>A target name the model's string syntax can carry, or "y" when the header cell cannot be one.</summary>
    private static string LastHeaderCell(string csv)
    {
        var end = csv.IndexOfAny(['\n', '\r']);
        var cell = (end < 0 ? csv : csv[..end]).Split(',')[^1].Trim();
        return cell.Length == 0 || cell.Any(c => c is '"' or '\\' || char.IsControl(c)) ? "y" : cell;
    }
}
