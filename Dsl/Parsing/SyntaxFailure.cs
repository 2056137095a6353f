namespace ConicDsl.Dsl.Parsing;

/// <summary>
/// A parse failure worded for the user. Sprache carries only a message string through its combinators,
/// so the failure travels encoded in that string and is decoded by the driver; a failure that is not
/// encoded is Sprache's own and means "this alternative did not start here".
/// </summary>
/// <param name="AppendFound">Whether the driver should add ", found 'x'" describing the text at the failure.</param>
/// <param name="Candidates">Words the user may have meant, for a "did you mean" hint on the found word.</param>
internal sealed record SyntaxFailure(
    string Id,
    string Message,
    string Hint = "",
    bool AppendFound = true,
    IReadOnlyList<string>? Candidates = null)
{
    private const char Separator = '\u001F';
    private const string Marker = "\u001Fcnn";

    public string Encode() =>
        string.Join(Separator, Marker, Id, Message, Hint, AppendFound ? "1" : "0",
            string.Join(' ', Candidates ?? []));

    public static bool IsEncoded(string? message) => message is not null && message.StartsWith(Marker, StringComparison.Ordinal);

    public static SyntaxFailure? TryDecode(string? message)
    {
        if (!IsEncoded(message)) return null;
        var parts = message!.Substring(Marker.Length + 1).Split(Separator);
        var candidates = parts[4].Length == 0 ? null : parts[4].Split(' ');
        return new SyntaxFailure(parts[0], parts[1], parts[2], parts[3] == "1", candidates);
    }
}
