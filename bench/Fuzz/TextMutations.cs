using System.Text;
using System.Text.RegularExpressions;

namespace ConicDsl.Fuzz;

/// <summary>
/// Mutations shared by the model and CSV generators: token deletion, duplication and swap, byte flips, random
/// Unicode, truncation, odd numbers, line-ending changes and repeated lines. Each takes and returns text.
/// </summary>
public static partial class TextMutations
{
    /// <summary>Numbers that have broken parsers: overflow, underflow, signs, separators, other notations.</summary>
    public static readonly string[] OddNumbers =
    [
        "0", "-0", "1e308", "1e309", "-1e400", "1e-400", "99999999999999999999", "2147483648", "-2147483649",
        "4294967296", "NaN", "Infinity", "-Infinity", "∞", "0x10", "1_000", "1,5", "1..2", ".", "-", "+", "1e", "e5",
        "0.0.1", "00000000000000000000000001", new string('9', 400), "1e+0000000000000000000000000000005", "٣", "４",
    ];

    private static readonly string[] OddText =
    [
        "\0", "\uFEFF", "\u200B", "\u202E", "\uD800", "\uDC00", "😀", "\u2028", "\u0085", "\t", "\r", "\r\n", "\"", "\\",
        "\\\"", "//", "#", ";", "{", "}", "..", ",", "\"\"", "é", "ß", "İ", "\u0301", "𝔁",
    ];

    [GeneratedRegex(@"\s+|[\p{L}\p{N}_.+-]+|.", RegexOptions.Singleline)]
    private static partial Regex TokenPattern();

    public static string Mutate(string text, Random random)
    {
        int count = 1 + random.Next(4);
        for (int i = 0; i < count; i++) text = MutateOnce(text, random);
        return text;
    }

    private static string MutateOnce(string text, Random random) => random.Next(12) switch
    {
        0 => FlipBytes(text, random),
        1 => EditTokens(text, random, TokenEdit.Delete),
        2 => EditTokens(text, random, TokenEdit.Duplicate),
        3 => EditTokens(text, random, TokenEdit.Swap),
        4 => Insert(text, random, OddText[random.Next(OddText.Length)]),
        5 => Insert(text, random, RandomUnicode(random)),
        6 => text[..random.Next(text.Length + 1)],
        7 => ReplaceNumber(text, random),
        8 => Insert(text, random, Nesting(random)),
        9 => random.Next(3) switch { 0 => text.Replace("\n", "\r\n"), 1 => text.Replace("\n", "\r"), _ => "\uFEFF" + text },
        10 => RepeatLine(text, random),
        _ => Insert(text, random, CnnTokenSequences.Keyword(random)),
    };

    private enum TokenEdit { Delete, Duplicate, Swap }

    private static string EditTokens(string text, Random random, TokenEdit edit)
    {
        var tokens = TokenPattern().Matches(text).Select(m => m.Value).ToList();
        if (tokens.Count == 0) return text;
        int i = random.Next(tokens.Count);
        switch (edit)
        {
            case TokenEdit.Delete: tokens.RemoveAt(i); break;
            case TokenEdit.Duplicate: tokens.Insert(i, tokens[i]); break;
            default:
                int j = random.Next(tokens.Count);
                (tokens[i], tokens[j]) = (tokens[j], tokens[i]);
                break;
        }
        return string.Concat(tokens);
    }

    private static string FlipBytes(string text, Random random)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0) return text;
        int flips = 1 + random.Next(4);
        for (int k = 0; k < flips; k++) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        return Encoding.UTF8.GetString(bytes);   // invalid sequences become U+FFFD, as File.ReadAllText does
    }

    private static string Insert(string text, Random random, string piece)
    {
        int at = random.Next(text.Length + 1);
        return text[..at] + piece + text[at..];
    }

    private static string RandomUnicode(Random random)
    {
        // Any code point, lone surrogates included: the model file reaches the parser as a .NET string.
        int cp = random.Next(4) == 0 ? random.Next(0x20) : random.Next(0x110000);
        return cp is >= 0xD800 and <= 0xDFFF ? ((char)cp).ToString() : char.ConvertFromUtf32(cp);
    }

    private static string ReplaceNumber(string text, Random random)
    {
        var numbers = NumberPattern().Matches(text);
        if (numbers.Count == 0) return Insert(text, random, OddNumbers[random.Next(OddNumbers.Length)]);
        var m = numbers[random.Next(numbers.Count)];
        return text[..m.Index] + OddNumbers[random.Next(OddNumbers.Length)] + text[(m.Index + m.Length)..];
    }

    [GeneratedRegex(@"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")]
    private static partial Regex NumberPattern();

    private static string Nesting(Random random)
    {
        int depth = 1 + random.Next(random.Next(2) == 0 ? 10 : 3000);
        return random.Next(3) switch
        {
            0 => new string('{', depth),
            1 => string.Concat(Enumerable.Repeat("network {\n", depth)),
            _ => new string('"', depth),
        };
    }

    private static string RepeatLine(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        int i = random.Next(lines.Count);
        int times = 1 + random.Next(random.Next(10) == 0 ? 2000 : 5);
        lines.InsertRange(i, Enumerable.Repeat(lines[i], times));
        return string.Join('\n', lines);
    }
}
