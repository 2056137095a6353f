using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace ConicDsl.Compiler.Data;

/// <summary>
/// Reads a comma-separated file with a header row (RFC 4180 quoting, via CsvHelper) into a <see cref="CsvTable"/>.
/// Structural faults (no header, duplicate header names, ragged rows, too few rows) become CNN2xxx diagnostics
/// located by row and column; cell contents are checked later, when columns are bound.
/// </summary>
public static class CsvTableReader
{
    public static (CsvTable? Table, ImmutableArray<Diagnostic> Diagnostics) Read(string path, string displayPath)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, displayPath);
    }

    public static (CsvTable? Table, ImmutableArray<Diagnostic> Diagnostics) Read(Stream stream, string displayPath)
    {
        var bag = new DiagnosticBag();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            BadDataFound = null,
            MissingFieldFound = null,
            IgnoreBlankLines = true,
            DetectDelimiter = false,
            TrimOptions = TrimOptions.Trim,
        };
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        using var parser = new CsvParser(reader, config);
        ImmutableArray<string>? header = null;
        int headerLine = 0;
        var rows = ImmutableArray.CreateBuilder<CsvRow>();
        int reported = 0;
        const int MaxReported = 20;
        while (parser.Read())
        {
            var record = parser.Record ?? Array.Empty<string>();
            int line = parser.RawRow;
            if (UnclosedQuote(record) is int breaks)
            {
                // A quote left open swallows every later line into one cell; report where that cell began.
                bag.Add(Diagnostic.Error(DiagnosticIds.UnclosedQuote, new SourceSpan(displayPath, line - breaks, 1, 0),
                    $"a quoted cell runs over {breaks} line break(s): its closing '\"' is probably missing",
                    "close the quote on the same line; cells cannot span lines"));
                return (null, bag.ToImmutableSorted());
            }
            if (header is null)
            {
                header = record.ToImmutableArray();
                headerLine = line;
                CheckHeader(header.Value, line, displayPath, bag);
                continue;
            }
            if (record.Length != header.Value.Length)
            {
                if (reported++ < MaxReported)
                {
                    bag.Add(Diagnostic.Error(
                        DiagnosticIds.RaggedRow,
                        new SourceSpan(displayPath, line, Math.Min(record.Length, header.Value.Length) + 1, 0),
                        $"row has {record.Length} cells but the header has {header.Value.Length} columns",
                        "every row must have one cell per header column; check for a missing or extra delimiter"));
                }
                continue;
            }
            rows.Add(new CsvRow(line, record.ToImmutableArray()));
        }
        if (header is null)
        {
            bag.Add(Diagnostic.Error(DiagnosticIds.EmptyDataFile, new SourceSpan(displayPath, 1, 1, 0),
                "the data file is empty", "the first line must be a header naming the columns, e.g. 'x,y'"));
            return (null, bag.ToImmutableSorted());
        }
        if (reported > MaxReported)
        {
            bag.Add(Diagnostic.Error(DiagnosticIds.RaggedRow, new SourceSpan(displayPath, headerLine, 1, 0),
                $"{reported - MaxReported} more ragged rows not shown"));
        }
        if (rows.Count + reported < 2)
        {
            bag.Add(Diagnostic.Error(DiagnosticIds.TooFewRows, new SourceSpan(displayPath, headerLine + 1, 1, 0),
                $"the data file has {rows.Count + reported} data row(s); at least 2 are needed",
                "add data rows below the header"));
        }
        return (bag.HasErrors ? null : new CsvTable(displayPath, header.Value, rows.ToImmutable()), bag.ToImmutableSorted());
    }

    private static void CheckHeader(ImmutableArray<string> header, int line, string path, DiagnosticBag bag)
    {
        if (header.Any(name => name.Contains('\0')))
        {
            bag.Add(Diagnostic.Error(DiagnosticIds.EmptyDataFile, new SourceSpan(path, line, 1, 0),
                "the data file is not text: its first line holds NUL bytes", "the data must be a comma-separated text file"));
            return;
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < header.Length; c++)
        {
            var name = header[c];
            var span = new SourceSpan(path, line, c + 1, name.Length);
            if (name.Length == 0)
            {
                bag.Add(Diagnostic.Error(DiagnosticIds.EmptyCell, span, $"header cell {c + 1} is empty",
                    "give every column a name in the header row"));
            }
            else if (seen.TryGetValue(name, out int first))
            {
                bag.Add(Diagnostic.Error(DiagnosticIds.DuplicateColumnName, span,
                    $"column name '{name}' appears twice (columns {first + 1} and {c + 1})",
                    "rename one of the columns"));
            }
            else
            {
                seen[name] = c;
            }
            if (header.Length == 1 && name.Contains(';'))
            {
                bag.Add(Diagnostic.Error(DiagnosticIds.EmptyDataFile, span,
                    "the header has a single column whose name contains ';' — the file looks semicolon-separated",
                    "ConicDsl reads comma-separated files; replace ';' by ','"));
            }
            else if (header.Length == 1 && name.Contains('\t'))
            {
                bag.Add(Diagnostic.Error(DiagnosticIds.EmptyDataFile, span,
                    "the header has a single column whose name contains a tab — the file looks tab-separated",
                    "ConicDsl reads comma-separated files; replace the tabs by ','"));
            }
        }
        if (header.All(IsNumber))
        {
            bag.Add(Diagnostic.Error(DiagnosticIds.EmptyDataFile, new SourceSpan(path, line, 1, 0),
                $"the first line '{string.Join(",", header)}' holds numbers, not column names: the header row is missing",
                "add a first line naming the columns, e.g. 'x1,x2,y'"));
        }
    }

    private static bool IsNumber(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>The number of line breaks inside the record's cells, or null when there are none.</summary>
    private static int? UnclosedQuote(string[] record)
    {
        int breaks = record.Sum(cell => cell.Count(c => c == '\n'));
        return breaks > 0 ? breaks : null;
    }
}
