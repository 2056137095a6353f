using Sprache;

namespace ConicDsl.Dsl.Parsing;

/// <summary>
/// The few combinators Sprache lacks for user-facing errors. Convention: a failure whose message is an
/// encoded <see cref="SyntaxFailure"/> is committed (it describes a real mistake and must not be replaced
/// by a more generic one); any other failure only means "not here".
/// </summary>
internal static class ParserCombinators
{
    /// <summary>Replaces a "not here" failure with a worded one, placed at the next token.</summary>
    public static Parser<T> Expect<T>(this Parser<T> parser, SyntaxFailure failure) =>
        input =>
        {
            var result = parser(input);
            if (result.WasSuccessful || SyntaxFailure.IsEncoded(result.Message)) return result;
            return Fail<T>(CnnTokens.InlineTrivia(input).Remainder, failure);
        };

    public static Parser<T> Expect<T>(this Parser<T> parser, string id, string message, string hint = "") =>
        parser.Expect(new SyntaxFailure(id, message, hint));

    /// <summary>
    /// Tries the alternatives in order. Unlike <c>Or</c>, a committed failure of any alternative wins over
    /// "not here" failures, whatever their positions.
    /// </summary>
    public static Parser<T> Choice<T>(params Parser<T>[] alternatives) =>
        input =>
        {
            IResult<T>? committed = null;
            foreach (var alternative in alternatives)
            {
                var result = alternative(input);
                if (result.WasSuccessful) return result;
                if (committed is null && SyntaxFailure.IsEncoded(result.Message)) committed = result;
            }

            return committed ?? Result.Failure<T>(input, "no alternative matched", []);
        };

    /// <summary>Succeeds only when no further word follows on the line; used to reject trailing clauses
    /// with a message specific to the statement.</summary>
    public static Parser<bool> NoMoreWords(this CnnTokens tokens, SyntaxFailure failure) =>
        input => tokens.Identifier(input).WasSuccessful
            ? Fail<bool>(CnnTokens.InlineTrivia(input).Remainder, failure)
            : Result.Success(true, input);

    public static IResult<T> Fail<T>(IInput at, SyntaxFailure failure) =>
        Result.Failure<T>(at, failure.Encode(), []);

    public static IInput Advance(this IInput input, int count)
    {
        for (var k = 0; k < count; k++) input = input.Advance();
        return input;
    }
}
