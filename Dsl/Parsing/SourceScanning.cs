using Sprache;

namespace ConicDsl.Dsl.Parsing;

/// <summary>Character-level helpers the driver needs around the grammar: describing what stands at a
/// failure, and skipping to where parsing can safely resume.</summary>
internal static class SourceScanning
{
    public static bool AtStatementEnd(IInput input) =>
        input.AtEnd || input.Current is '\n' or ';' or '}';

    /// <summary>
    /// Skips the rest of a broken statement: up to and including the next line break or ';', or up to
    /// (not including) a '}' that closes the enclosing block. Strings and comments are stepped over whole,
    /// so a ';' or '}' inside them does not end the statement.
    /// </summary>
    public static IInput Resynchronize(IInput input)
    {
        while (!input.AtEnd)
        {
            switch (input.Current)
            {
                case '\n' or ';':
                    return input.Advance();
                case '}':
                    return input;
                case '#':
                    input = SkipToLineEnd(input);
                    break;
                case '/' when Peek(input) == '/':
                    input = SkipToLineEnd(input);
                    break;
                case '"':
                    input = SkipString(input);
                    break;
                default:
                    input = input.Advance();
                    break;
            }
        }

        return input;
    }

    /// <summary>A short description of the text at <paramref name="input"/>, for "found …", and its length.</summary>
    public static (string Text, int Length) Describe(IInput input)
    {
        if (input.AtEnd) return ("the end of the file", 0);
        if (input.Current is '\n' or '\r') return ("the end of the line", 0);

        var source = input.Source;
        var start = input.Position;
        var end = start + 1;
        if (input.Current == '"')
        {
            end = SkipString(input).Position;
        }
        else if (IsWordChar(input.Current))
        {
            while (end < source.Length && IsWordChar(source[end])) end++;
        }
        else if (char.IsHighSurrogate(input.Current) && end < source.Length && char.IsLowSurrogate(source[end]))
        {
            end++;   // half a surrogate pair would print as '�'
        }
        else if (char.IsControl(input.Current) || char.IsSurrogate(input.Current))
        {
            // Invisible or unprintable: name the code point so the user can find it.
            return ($"the character U+{(int)input.Current:X4}", 1);
        }

        var text = source[start..end].TrimEnd('\r', '\n');
        var shown = text.Length > 30 ? text[..27] + "..." : text;
        return ($"'{shown}'", text.Length);
    }

    /// <summary>The identifier-like word at <paramref name="input"/>, if any, for "did you mean" hints.</summary>
    public static string? WordAt(IInput input)
    {
        if (input.AtEnd || !char.IsLetter(input.Current)) return null;
        var source = input.Source;
        var end = input.Position;
        while (end < source.Length && (char.IsLetterOrDigit(source[end]) || source[end] is '_' or '-' or '.')) end++;
        return source[input.Position..end];
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '+' or '.';

    private static char Peek(IInput input) =>
        input.Position + 1 < input.Source.Length ? input.Source[input.Position + 1] : '\0';

    private static IInput SkipToLineEnd(IInput input)
    {
        while (!input.AtEnd && input.Current != '\n') input = input.Advance();
        return input;
    }

    private static IInput SkipString(IInput input)
    {
        input = input.Advance();
        while (!input.AtEnd && input.Current != '\n')
        {
            if (input.Current == '\\' && Peek(input) is '"' or '\\')
            {
                input = input.Advance(2);
                continue;
            }

            var closing = input.Current == '"';
            input = input.Advance();
            if (closing) break;
        }

        return input;
    }
}
