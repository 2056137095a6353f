using System.Collections.Immutable;
using System.Globalization;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Compiler.Data;

/// <summary>
/// Binds a checked model to its data file: resolves the path relative to the model file, reads the CSV,
/// selects target and feature columns, parses every used cell, maps labels for the hinge and logistic losses and
/// standardises features on request. Every fault becomes a diagnostic; at most 20 cell faults are listed.
/// </summary>
public static class DataBinder
{
    private const int MaxCellDiagnostics = 20;

    public static (Dataset? Data, ImmutableArray<Diagnostic> Diagnostics) Bind(Model model)
    {
        var bag = new DiagnosticBag();
        var spec = model.Data;
        var baseDir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(model.SourcePath)) ?? ".";
        // A NUL in the path makes GetFullPath throw (found by bench/Fuzz); no file can have such a name.
        if (spec.Path.Contains('\0'))
        {
            bag.Add(Diagnostic.Error(DiagnosticIds.DataFileMissing, spec.PathSpan,
                "the data file's path contains a NUL character (U+0000), which no file name can hold",
                "retype the path; an invisible character has slipped into it"));
            return (null, bag.ToImmutableSorted());
        }
        var fullPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDir, spec.Path));
        var displayPath = DisplayPath(model.SourcePath, spec.Path);
        if (Directory.Exists(fullPath) || !File.Exists(fullPath))
        {
            bag.Add(Diagnostic.Error(DiagnosticIds.DataFileMissing, spec.PathSpan,
                $"data file '{spec.Path}' not found (looked for {fullPath})",
                "data paths are relative to the folder of the model file"));
            return (null, bag.ToImmutableSorted());
        }

        CsvTable? table;
        ImmutableArray<Diagnostic> readDiagnostics;
        try
        {
            (table, readDiagnostics) = CsvTableReader.Read(fullPath, displayPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CsvHelper.CsvHelperException)
        {
            bag.Add(Diagnostic.Error(DiagnosticIds.DataFileMissing, spec.PathSpan,
                $"data file '{spec.Path}' cannot be read: {e.Message}"));
            return (null, bag.ToImmutableSorted());
        }
        bag.AddRange(readDiagnostics);
        if (table is null) return (null, bag.ToImmutableSorted());

        var targetIndices = new List<int>();
        foreach (var target in spec.TargetColumns)
        {
            int index = table.ColumnIndex(target.Name);
            targetIndices.Add(index);
            if (index < 0)
            {
                bag.Add(Diagnostic.Error(DiagnosticIds.TargetColumnMissing, target.Span,
                    $"target column '{target.Name}' is not in {displayPath}",
                    $"the header has: {string.Join(", ", table.Header)}"));
            }
        }
        int targetIndex = targetIndices[0];
        var featureIndices = new List<int>();
        if (spec.Features.IsDefaultOrEmpty)
        {
            for (int c = 0; c < table.Header.Length; c++)
                if (!targetIndices.Contains(c)) featureIndices.Add(c);
        }
        else
        {
            foreach (var f in spec.Features)
            {
                int c = table.ColumnIndex(f.Name);
                if (c < 0)
                {
                    bag.Add(Diagnostic.Error(DiagnosticIds.FeatureColumnMissing, f.Span,
                        $"feature column '{f.Name}' is not in {displayPath}",
                        $"the header has: {string.Join(", ", table.Header)}"));
                }
                else featureIndices.Add(c);
            }
        }
        if (targetIndex >= 0 && featureIndices.Count == 0 && spec.Features.IsDefaultOrEmpty)
        {
            bag.Add(Diagnostic.Error(DiagnosticIds.NoFeatures, spec.Span,
                $"{displayPath} has no column besides the target '{spec.Target.Name}'",
                "add feature columns to the data file"));
        }
        if (bag.HasErrors) return (null, bag.ToImmutableSorted());

        int n = table.Rows.Length, d = featureIndices.Count, t = targetIndices.Count;
        var x = new double[n, d];
        var y = new double[n * t];
        int cellFaults = 0;
        for (int k = 0; k < n; k++)
        {
            var row = table.Rows[k];
            for (int c = 0; c < t; c++) y[k * t + c] = ParseCell(table, row, targetIndices[c], bag, ref cellFaults);
            for (int j = 0; j < d; j++) x[k, j] = ParseCell(table, row, featureIndices[j], bag, ref cellFaults);
        }
        if (cellFaults > MaxCellDiagnostics)
        {
            bag.Add(Diagnostic.Error(DiagnosticIds.NonNumericCell, new SourceSpan(displayPath, 1, 1, 0),
                $"{cellFaults - MaxCellDiagnostics} more bad cells not shown"));
        }
        if (bag.HasErrors) return (null, bag.ToImmutableSorted());

        var names = featureIndices.Select(c => table.Header[c]).ToImmutableArray();
        if (model.Network.Outputs > 1)
        {
            var (targets, outputs) = VectorTargetBinder.Bind(model, y, bag);
            if (targets is null) return (null, bag.ToImmutableSorted());
            var standardized = spec.Standardize ? Standardize(x, table, featureIndices, spec, bag) : null;
            var targetName = string.Join(", ", spec.TargetColumns.Select(c => c.Name));
            return (new Dataset(displayPath, names, targetName, x, targets, null, standardized, outputs), bag.ToImmutableSorted());
        }

        LabelMapping? labels = null;
        if (model.Loss.Kind is LossKind.Hinge or LossKind.Logistic)
        {
            var distinct = y.Distinct().OrderBy(v => v).ToArray();
            if (distinct.Length != 2)
            {
                bag.Add(Diagnostic.Error(DiagnosticIds.TargetNotBinary, spec.Target.Span,
                    $"the {model.Loss.Kind.ToString().ToLowerInvariant()} loss needs a target with exactly two distinct values; '{spec.Target.Name}' has {distinct.Length}" +
                    (distinct.Length <= 5 ? $" ({string.Join(", ", distinct.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)))})" : ""),
                    "use labels such as -1/1 or 0/1, or 'loss squared' for regression"));
                return (null, bag.ToImmutableSorted());
            }
            labels = new LabelMapping(distinct[0], distinct[1]);
            for (int k = 0; k < n; k++) y[k] = y[k] == distinct[1] ? 1.0 : -1.0;
        }

        Standardization? standardization = null;
        if (spec.Standardize) standardization = Standardize(x, table, featureIndices, spec, bag);

        var data = new Dataset(displayPath, names, spec.Target.Name, x, y, labels, standardization);
        return (data, bag.ToImmutableSorted());
    }

    private static Standardization Standardize(double[,] x, CsvTable table, List<int> featureIndices, DataSpec spec, DiagnosticBag bag)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var mean = new double[d];
        var scale = new double[d];
        for (int j = 0; j < d; j++)
        {
            double m = 0;
            for (int k = 0; k < n; k++) m += x[k, j];
            m /= n;
            double v = 0;
            for (int k = 0; k < n; k++) v += (x[k, j] - m) * (x[k, j] - m);
            double sd = Math.Sqrt(v / n);
            if (sd == 0)
            {
                bag.Add(Diagnostic.Warning(DiagnosticIds.NoFeatures, spec.Span,
                    $"feature '{table.Header[featureIndices[j]]}' is constant; it is centred but not scaled"));
                sd = 1;
            }
            mean[j] = m;
            scale[j] = sd;
            for (int k = 0; k < n; k++) x[k, j] = (x[k, j] - m) / sd;
        }
        return new Standardization(mean.ToImmutableArray(), scale.ToImmutableArray());
    }

    private static double ParseCell(CsvTable table, CsvRow row, int column, DiagnosticBag bag, ref int faults)
    {
        var text = row.Cells[column];
        var span = new SourceSpan(table.Path, row.Line, column + 1, text.Length);
        var name = table.Header[column];
        if (string.IsNullOrWhiteSpace(text))
        {
            if (faults++ < MaxCellDiagnostics)
                bag.Add(Diagnostic.Error(DiagnosticIds.EmptyCell, span, $"empty cell in column '{name}'",
                    "fill in the value or remove the row"));
            return 0;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            if (faults++ < MaxCellDiagnostics)
                bag.Add(Diagnostic.Error(DiagnosticIds.NonNumericCell, span, $"cell '{Truncate(text)}' in column '{name}' is not a number",
                    text.Contains(',') ? "decimal commas are not supported; write 1.5, not 1,5" : "every used column must hold numbers"));
            return 0;
        }
        if (!double.IsFinite(value))
        {
            if (faults++ < MaxCellDiagnostics)
                bag.Add(Diagnostic.Error(DiagnosticIds.NonFiniteCell, span, $"cell '{Truncate(text)}' in column '{name}' is not finite",
                    "remove rows with missing or infinite values"));
            return 0;
        }
        return value;
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..37] + "...";

    /// <summary>The data path as the user will recognise it: relative to the current folder when the model path was.</summary>
    private static string DisplayPath(string modelPath, string dataPath)
    {
        if (System.IO.Path.IsPathRooted(dataPath)) return dataPath;
        var dir = System.IO.Path.GetDirectoryName(modelPath);
        return string.IsNullOrEmpty(dir) ? dataPath : System.IO.Path.Combine(dir, dataPath);
    }
}
