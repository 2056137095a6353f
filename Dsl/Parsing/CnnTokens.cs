using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Syntax;
using ConicDsl.Dsl.Text;
using Sprache;

namespace ConicDsl.Dsl.Parsing;

/// <summary>
/// Token parsers. Each token skips the spaces, tabs and comments before it (never a newline: line breaks
/// end statements), so a parser's remainder is exactly the end of its last token and statement spans do
/// not swallow trailing comments.
/// </summary>
internal sealed partial class CnnTokens(string path)
{
    private static readonly Parser<string> Comment =
        from start in Parse.String("//").Or(Parse.String("#"))
        from body in Parse.CharExcept('\n').Many()
        select "";

    private static readonly Parser<string> Blank = Parse.Chars(' ', '\t', '\r', '\f', '\v').Once().Return("");

    /// <summary>Spaces, tabs, carriage returns and comments, up to (not including) the end of the line.</summary>
    public static readonly Parser<IEnumerable<string>> InlineTrivia = Blank.Or(Comment).Many();

    /// <summary>Everything that may stand between two statements: trivia, line breaks and ';'.</summary>
    public static readonly Parser<IEnumerable<string>> Separators =
        Blank.Or(Comment).Or(Parse.Chars('\n', ';').Once().Return("")).Many();

    /// <summary>Separators without ';': what may stand between a header and its '{'.</summary>
    public static readonly Parser<IEnumerable<string>> LineBreaks =
        Blank.Or(Comment).Or(Parse.Char('\n').Once().Return("")).Many();

    private static readonly Parser<string> RawIdentifier =
        from first in Parse.Letter
        from rest in Parse.LetterOrDigit.Or(Parse.Chars('_', '-', '.')).Many().Text()
        select first + rest;

    public string Path { get; } = path;

    public Parser<IdentifierSyntax> Identifier => field ??= Token(RawIdentifier, (_, text, span) => new IdentifierSyntax(text, span));

    public Parser<NumberLiteralSyntax> Number => field ??= Token(RawNumber, (value, text, span) => new NumberLiteralSyntax(text, value, span));

    public Parser<StringLiteralSyntax> String => field ??= Token(RawString, (value, text, span) => new StringLiteralSyntax(text, value, span));

    public Parser<char> Comma => field ??= Token(Parse.Char(','), (c, _, _) => c);

    /// <summary>The <c>..</c> of a range (<c>path 1e-4 .. 1</c>).</summary>
    public Parser<string> Range => field ??= Token(Parse.String("..").Text(), (text, _, _) => text);

    /// <summary>A column name: a word, or a quoted string for names with spaces or symbols.</summary>
    public Parser<LiteralSyntax> Column => field ??= ParserCombinators.Choice<LiteralSyntax>(String, Identifier);

    /// <summary>A solver option's value.</summary>
    public Parser<LiteralSyntax> Value => field ??= ParserCombinators.Choice<LiteralSyntax>(Number, String, Identifier);

    /// <summary>The word <paramref name="keyword"/>, exactly (keywords are case-sensitive).</summary>
    public Parser<IdentifierSyntax> Keyword(string keyword) =>
        input =>
        {
            var result = Identifier(input);
            return result.WasSuccessful && result.Value.Text == keyword
                ? result
                : Result.Failure<IdentifierSyntax>(input, $"expected '{keyword}'", [keyword]);
        };

    public SourceSpan SpanAt(IInput at, int length) => new(Path, at.Line, at.Column, length);

    private Parser<T> Token<TRaw, T>(Parser<TRaw> raw, Func<TRaw, string, SourceSpan, T> make) =>
        input =>
        {
            var start = InlineTrivia(input).Remainder;
            var result = raw(start);
            if (!result.WasSuccessful)
            {
                return SyntaxFailure.IsEncoded(result.Message)
                    ? Result.Failure<T>(result.Remainder, result.Message, result.Expectations)
                    : Result.Failure<T>(input, result.Message, result.Expectations);
            }

            var length = result.Remainder.Position - start.Position;
            var text = start.Source.Substring(start.Position, length);
            return Result.Success(make(result.Value, text, SpanAt(start, length)), result.Remainder);
        };

    [GeneratedRegex(@"^[+-]?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberShape();

    /// <summary>
    /// Reads the whole run of characters that looks like a number ("32abc", "1.2.3") before judging it, so
    /// a malformed number is reported as one token rather than as a number followed by junk.
    /// </summary>
    private static readonly Parser<double> RawNumber = input =>
    {
        var source = input.Source;
        var p = input.Position;
        var q = p;
        if (q < source.Length && source[q] is '+' or '-') q++;
        if (q >= source.Length || !(char.IsAsciiDigit(source[q]) || source[q] == '.'))
            return Result.Failure<double>(input, "not a number", ["number"]);

        while (q < source.Length && (char.IsLetterOrDigit(source[q]) || source[q] is '_' or '.'
                                     || (source[q] is '+' or '-' && source[q - 1] is 'e' or 'E')))
            q++;

        var text = source[p..q];
        if (!NumberShape().IsMatch(text))
        {
            return ParserCombinators.Fail<double>(input, new SyntaxFailure(DiagnosticIds.BadNumber,
                $"'{text}' is not a valid number", "write numbers like 32, -0.1, .5 or 1e-8", AppendFound: false));
        }

        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(value))
        {
            return ParserCombinators.Fail<double>(input, new SyntaxFailure(DiagnosticIds.BadNumber,
                $"the number '{text}' is too large", AppendFound: false));
        }

        return Result.Success(value, input.Advance(q - p));
    };

    /// <summary>A string on one line; <c>\"</c> and <c>\\</c> are escapes, any other backslash is kept so
    /// Windows paths can be written as they are.</summary>
    private static readonly Parser<string> RawString = input =>
    {
        if (input.AtEnd || input.Current != '"')
            return Result.Failure<string>(input, "not a string", ["string"]);

        var value = new StringBuilder();
        var cursor = input.Advance();
        while (true)
        {
            if (cursor.AtEnd || cursor.Current == '\n')
            {
                return ParserCombinators.Fail<string>(input, new SyntaxFailure(DiagnosticIds.UnterminatedString,
                    "unterminated string", "close the string with '\"' before the end of the line", AppendFound: false));
            }

            var c = cursor.Current;
            if (c == '"') return Result.Success(value.ToString(), cursor.Advance());

            var next = cursor.Position + 1 < cursor.Source.Length ? cursor.Source[cursor.Position + 1] : '\0';
            if (c == '\\' && next is '"' or '\\')
            {
                value.Append(next);
                cursor = cursor.Advance(2);
                continue;
            }

            value.Append(c);
            cursor = cursor.Advance();
        }
    };
}
