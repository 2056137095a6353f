using System.Collections.Immutable;
using System.Globalization;
using ConicDsl.Compiler.Data;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Compiler.Prediction;

/// <summary>
/// Reads the rows to predict from a CSV: the network's feature columns are looked up by name (other columns, the
/// target included, are ignored), then transformed as the network was trained (z = (x − mean)/scale).
/// </summary>
public static class PredictionInputs
{
    private const int MaxCellDiagnostics = 20;

    public static (Dataset? Data, ImmutableArray<Diagnostic> Diagnostics) Read(string csvPath, SavedNetwork network)
    {
        Stream stream;
        try
        {
            stream = File.OpenRead(csvPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (null, ImmutableArray.Create(Diagnostic.Error(DiagnosticIds.DataFileMissing, SourceSpan.None(csvPath),
                $"cannot read the data file: {e.Message}")));
        }
        CsvTable? table;
        ImmutableArray<Diagnostic> read;
        using (stream) (table, read) = CsvTableReader.Read(stream, csvPath);
        if (table is null) return (null, read);
        var diagnostics = read.ToBuilder();
        var columns = new int[network.Features.Length];
        for (int j = 0; j < columns.Length; j++)
        {
            columns[j] = table.ColumnIndex(network.Features[j]);
            if (columns[j] < 0)
                diagnostics.Add(Diagnostic.Error(DiagnosticIds.FeatureColumnMissing, new SourceSpan(csvPath, 1, 1, 1),
                    $"the network's feature column '{network.Features[j]}' is not in the data file's header",
                    $"the network was trained on columns {string.Join(", ", network.Features)}; the file has {string.Join(", ", table.Header)}"));
        }
        if (diagnostics.Any(d => d.IsError)) return (null, diagnostics.ToImmutable());

        int n = table.Rows.Length, faults = 0;
        var x = new double[n, columns.Length];
        for (int k = 0; k < n; k++)
        {
            var row = table.Rows[k];
            for (int j = 0; j < columns.Length; j++)
            {
                var text = row.Cells[columns[j]];
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
                {
                    x[k, j] = network.Transform is { } t ? (v - t.Mean[j]) / t.Scale[j] : v;
                    continue;
                }
                if (faults++ >= MaxCellDiagnostics) continue;
                var span = new SourceSpan(csvPath, row.Line, columns[j] + 1, Math.Max(1, text.Length));
                diagnostics.Add(string.IsNullOrWhiteSpace(text)
                    ? Diagnostic.Error(DiagnosticIds.EmptyCell, span, $"empty cell in column '{network.Features[j]}'", "fill in the value or remove the row")
                    : Diagnostic.Error(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? DiagnosticIds.NonFiniteCell : DiagnosticIds.NonNumericCell,
                        span, $"cell '{text}' in column '{network.Features[j]}' is not a finite number"));
            }
        }
        if (faults > MaxCellDiagnostics)
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.NonNumericCell, new SourceSpan(csvPath, 1, 1, 0), $"{faults - MaxCellDiagnostics} more bad cells not shown"));
        if (diagnostics.Any(d => d.IsError)) return (null, diagnostics.ToImmutable());
        // The targets are not needed to predict; the dataset carries zeros in their place.
        var data = new Dataset(csvPath, network.Features, "", x, new double[n], network.Labels, network.Transform);
        return (data, diagnostics.ToImmutable());
    }
}
