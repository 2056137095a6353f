using System.Collections.Immutable;

namespace ConicDsl.Compiler.Data;

/// <summary>A CSV file as text cells: a header and rectangular data rows, each row remembering its line number.</summary>
public sealed record CsvTable(string Path, ImmutableArray<string> Header, ImmutableArray<CsvRow> Rows)
{
    public int ColumnIndex(string name) => Header.IndexOf(name, StringComparer.Ordinal);
}

/// <summary>One data row; <see cref="Line"/> is the 1-based line in the file (the header is line 1).</summary>
public sealed record CsvRow(int Line, ImmutableArray<string> Cells);
