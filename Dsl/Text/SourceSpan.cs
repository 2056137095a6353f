namespace ConicDsl.Dsl.Text;

/// <summary>
/// A location in a source file: 1-based line and column of the first character, and a length in
/// characters. Spans are values; syntax nodes and diagnostics carry them so every message can point at
/// the exact text it is about.
/// </summary>
public readonly record struct SourceSpan(string Path, int Line, int Column, int Length)
{
    public static SourceSpan None(string path) => new(path, 0, 0, 0);

    public bool IsNone => Line <= 0;

    public override string ToString() => IsNone ? Path : $"{Path}:{Line}:{Column}";
}
