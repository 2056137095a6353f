using System.Text.Json;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Compiler.IO;

/// <summary>
/// Opens a JSON input file (a saved network) for a reader: unreadable files and malformed JSON become one located
/// diagnostic (path:line:col), never an exception. The caller disposes the document and keeps the bytes for
/// <see cref="JsonLocations"/>.
/// </summary>
public static class JsonFileDocument
{
    public static (JsonDocument? Document, byte[] Bytes, Diagnostic? Error) Open(string path, string hint)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (null, [], Diagnostic.Error(DiagnosticIds.NetworkFileUnreadable, SourceSpan.None(path),
                $"cannot read the network file: {e.Message}"));
        }
        try
        {
            return (JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }), bytes, null);
        }
        catch (JsonException e)
        {
            var (line, column) = JsonLocations.Of(e);
            return (null, bytes, Diagnostic.Error(DiagnosticIds.NetworkFileNotJson, new SourceSpan(path, line, column, 1),
                $"not valid JSON: {FirstSentence(e.Message)}", hint));
        }
    }

    /// <summary>The parser's first sentence; its 0-based "LineNumber | BytePositionInLine" tail and its advice about
    /// reader options are not for users (the diagnostic carries the 1-based position).</summary>
    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message[..(cut + 1)] : message.Trim();
    }
}
