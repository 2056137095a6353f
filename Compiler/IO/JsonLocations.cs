using System.Text.Json;

namespace ConicDsl.Compiler.IO;

/// <summary>
/// Line and column (1-based) of every value in a JSON text, by path (<c>layers[0].weights[2]</c>; the root is "").
/// JsonDocument keeps no positions, so diagnostics about a well-formed file's content find theirs here.
/// </summary>
public sealed class JsonLocations
{
    private readonly Dictionary<string, (int Line, int Column)> _at = new();

    public static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip };

    public JsonLocations(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, Options);
        var path = new Stack<Frame>();
        string? property = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    path.Pop();
                    continue;
            }
            string here = Child(path, property);
            _at[here] = Position(utf8, (int)reader.TokenStartIndex);
            if (path.Count > 0 && path.Peek().IsArray) path.Peek().Next++;
            property = null;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                path.Push(new Frame(here, reader.TokenType == JsonTokenType.StartArray));
        }
    }

    /// <summary>Where the value at <paramref name="path"/> starts; else where its nearest recorded parent starts.</summary>
    public (int Line, int Column) Of(string path)
    {
        while (true)
        {
            if (_at.TryGetValue(path, out var at)) return at;
            if (path.Length == 0) return (1, 1);
            int cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            path = cut <= 0 ? "" : path[..cut];
        }
    }

    private static string Child(Stack<Frame> path, string? property)
    {
        if (path.Count == 0) return "";
        var parent = path.Peek();
        if (parent.IsArray) return $"{parent.Path}[{parent.Next}]";
        return parent.Path.Length == 0 ? property ?? "" : $"{parent.Path}.{property}";
    }

    private static (int, int) Position(byte[] utf8, int offset)
    {
        int line = 1, column = 1;
        for (int i = 0; i < offset && i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n') { line++; column = 1; }
            else if ((utf8[i] & 0xC0) != 0x80) column++; // count characters, not UTF-8 continuation bytes
        }
        return (line, column);
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;
        public bool IsArray { get; } = isArray;
        public int Next { get; set; }
    }

    /// <summary>Position of a syntax error as JsonException reports it (0-based line and byte in line) → 1-based.</summary>
    public static (int Line, int Column) Of(JsonException e) =>
        ((int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
}
