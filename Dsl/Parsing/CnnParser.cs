using System.Collections.Immutable;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Syntax;
using ConicDsl.Dsl.Text;
using Sprache;

namespace ConicDsl.Dsl.Parsing;

/// <summary>
/// Parses a <c>.cnn</c> file into a <see cref="ModelSyntax"/>, reporting every syntax error of the file.
/// Sprache parses one statement at a time; this driver owns the block and line structure so that after a
/// broken statement it can resume at the next line (or ';') instead of giving up at the first error.
/// </summary>
public sealed partial class CnnParser
{
    /// <summary>Classic Mac OS line ends: read as line breaks, or the whole file would be one line.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("\r(?!\n)")]
    private static partial System.Text.RegularExpressions.Regex LoneCarriageReturn();

    private const string LayerList =
        "layers are: input [signal L [channels C] | image H W [channels C]] [bias [unregularized]], relu WIDTH, " +
        "conv [circular|local] filters M size K [K2] [stride S] [unit_norm] [relu], pool sum|mean|max, dense relu, " +
        "output COUNT; a network block may also say 'relaxation'";

    private readonly string _path;
    private readonly CnnTokens _tokens;
    private readonly CnnStatementGrammar _grammar;
    private readonly DiagnosticBag _diagnostics = new();

    private CnnParser(string path)
    {
        _path = path;
        _tokens = new CnnTokens(path);
        _grammar = new CnnStatementGrammar(_tokens);
    }

    public static ParseResult Parse(string path, string text)
    {
        var parser = new CnnParser(path);
        var syntax = parser.ParseFile(LoneCarriageReturn().Replace(text.StartsWith('\uFEFF') ? text[1..] : text, "\n"));
        return new ParseResult(syntax, parser._diagnostics.ToImmutableSorted());
    }

    private ModelSyntax? ParseFile(string text)
    {
        var input = Skip(CnnTokens.Separators, new Input(text));
        if (input.AtEnd)
        {
            Report(DiagnosticIds.NoModel, new SourceSpan(_path, 1, 1, 0), "the file is empty",
                "a model file holds one block: model NAME { data …  network { … }  loss … }");
            return null;
        }

        var modelStart = input;
        var header = _tokens.Keyword(CnnKeywords.Model)(input);
        if (!header.WasSuccessful)
        {
            var (found, length) = SourceScanning.Describe(input);
            var suggestion = SourceScanning.WordAt(input) is { } word ? NearMiss.DidYouMean(word, [CnnKeywords.Model]) : "";
            Report(DiagnosticIds.NoModel, _tokens.SpanAt(input, length),
                $"expected 'model NAME {{' at the start of the file, found {found}{suggestion}",
                "a model file holds one block: model NAME { … }");
            return null;
        }

        var keyword = header.Value;
        input = header.Remainder;
        var name = ParseModelName(ref input);

        input = Skip(CnnTokens.LineBreaks, input);
        IInput? openBrace = null;
        if (!input.AtEnd && input.Current == '{')
        {
            openBrace = input;
            input = input.Advance();
        }
        else
        {
            ReportExpected(DiagnosticIds.SyntaxError, input, "expected '{' after the model's name",
                $"write: model {(name.IsMissing ? "NAME" : name.Text)} {{");
            if (input.Line == keyword.Span.Line) input = SourceScanning.Resynchronize(input);
        }

        var statements = ImmutableArray.CreateBuilder<StatementSyntax>();
        var closed = ParseStatements(ref input, statements);
        if (!closed && openBrace is not null)
        {
            Report(DiagnosticIds.MissingBrace, _tokens.SpanAt(openBrace, 1),
                $"the block of model '{name.Text}' is not closed with '}}'", "add '}' at the end of the model");
        }

        var span = keyword.Span with { Length = input.Position - modelStart.Position };
        var rest = Skip(CnnTokens.Separators, input);
        if (!rest.AtEnd)
        {
            ReportExpected(DiagnosticIds.NoModel, rest, "unexpected text after the end of the model block",
                "a file holds exactly one model; statements belong inside its braces (is there an extra '}'?)",
                found => $"unexpected {found} after the end of the model block");
        }

        return new ModelSyntax(keyword, name, statements.ToImmutable(), span);
    }

    private IdentifierSyntax ParseModelName(ref IInput input)
    {
        var result = _tokens.Identifier(input);
        if (result.WasSuccessful)
        {
            input = result.Remainder;
            return result.Value;
        }

        var at = Skip(CnnTokens.InlineTrivia, input);
        ReportExpected(DiagnosticIds.SyntaxError, at, "expected the model's name after 'model'", "write e.g. model housing {");
        return new IdentifierSyntax("", _tokens.SpanAt(at, 0));
    }

    /// <summary>Statements up to the model's closing brace; false when the file ends first.</summary>
    private bool ParseStatements(ref IInput input, ImmutableArray<StatementSyntax>.Builder statements)
    {
        while (true)
        {
            input = Skip(CnnTokens.Separators, input);
            if (input.AtEnd) return false;
            if (input.Current == '}')
            {
                input = input.Advance();
                return true;
            }

            var word = _tokens.Identifier(input);
            if (!word.WasSuccessful)
            {
                ReportExpected(DiagnosticIds.SyntaxError, input,
                    $"expected a statement ({string.Join(", ", CnnKeywords.Statements)})",
                    "each statement starts with its keyword, e.g. loss squared");
                input = SourceScanning.Resynchronize(input);
                continue;
            }

            var keyword = word.Value;
            if (keyword.Text == "network")
            {
                input = ParseNetwork(input, keyword, word.Remainder, statements);
            }
            else if (_grammar.Statements.TryGetValue(keyword.Text, out var parser))
            {
                input = ParseLine(parser, input, $"the '{keyword.Text}' statement",
                    span => new InvalidStatementSyntax(keyword, span), statements.Add);
            }
            else
            {
                if (CnnKeywords.Layers.Contains(keyword.Text))
                {
                    Report(DiagnosticIds.UnknownStatement, keyword.Span, $"'{keyword.Text}' is a layer, not a statement",
                        "put layers inside the network block: network { input bias; relu 32; output 1 }");
                }
                else if (CnnKeywords.NetworkStatements.Contains(keyword.Text))
                {
                    Report(DiagnosticIds.UnknownStatement, keyword.Span,
                        $"'{keyword.Text}' belongs inside the network block, not at the model's level",
                        $"move it into the block: network {{ …; {keyword.Text} }}");
                }
                else
                {
                    Report(DiagnosticIds.UnknownStatement, keyword.Span,
                        $"unknown statement '{keyword.Text}'{NearMiss.DidYouMean(keyword.Text, CnnKeywords.Statements)}",
                        $"the statements are: {string.Join(", ", CnnKeywords.Statements)}");
                }

                input = SourceScanning.Resynchronize(word.Remainder);
            }
        }
    }

    private IInput ParseNetwork(IInput start, IdentifierSyntax keyword, IInput afterKeyword,
        ImmutableArray<StatementSyntax>.Builder statements)
    {
        var input = Skip(CnnTokens.LineBreaks, afterKeyword);
        IInput? openBrace = null;
        if (!input.AtEnd && input.Current == '{')
        {
            openBrace = input;
            input = input.Advance();
        }
        else
        {
            ReportExpected(DiagnosticIds.SyntaxError, input, "expected '{' after 'network'",
                "a network is a block with one layer per line: network { input bias; relu 32; output 1 }");
            var next = SourceScanning.WordAt(input);
            if (next is null || !CnnKeywords.NetworkItems.Contains(next))
            {
                statements.Add(new InvalidStatementSyntax(keyword, keyword.Span));
                return SourceScanning.Resynchronize(input);
            }
        }

        var layers = ImmutableArray.CreateBuilder<LayerSyntax>();
        while (true)
        {
            input = Skip(CnnTokens.Separators, input);
            if (input.AtEnd)
            {
                ReportUnclosedNetwork(openBrace, keyword, "add '}' after the last layer");
                break;
            }

            if (input.Current == '}')
            {
                input = input.Advance();
                break;
            }

            var word = _tokens.Identifier(input);
            if (!word.WasSuccessful)
            {
                ReportExpected(DiagnosticIds.SyntaxError, input,
                    $"expected a layer ({string.Join(", ", CnnKeywords.Layers)}) or 'relaxation'", LayerList);
                input = SourceScanning.Resynchronize(input);
                continue;
            }

            var layerKeyword = word.Value;
            if (_grammar.Layers.TryGetValue(layerKeyword.Text, out var parser))
            {
                var what = CnnKeywords.NetworkStatements.Contains(layerKeyword.Text)
                    ? $"'{layerKeyword.Text}'"
                    : $"the '{layerKeyword.Text}' layer";
                input = ParseLine(parser, input, what,
                    span => new InvalidLayerSyntax(layerKeyword, span), layers.Add);
            }
            else if (CnnKeywords.Statements.Contains(layerKeyword.Text) || layerKeyword.Text == CnnKeywords.Model)
            {
                // A statement keyword inside the block almost always means the '}' was forgotten: close the
                // block here and let the model parse the statement, rather than report every later line.
                ReportUnclosedNetwork(openBrace, keyword,
                    $"add '}}' before '{layerKeyword.Text}' on line {layerKeyword.Span.Line}");
                break;
            }
            else
            {
                Report(DiagnosticIds.UnknownLayer, layerKeyword.Span,
                    $"unknown layer '{layerKeyword.Text}'{NearMiss.DidYouMean(layerKeyword.Text, CnnKeywords.NetworkItems)}",
                    LayerList);
                layers.Add(new InvalidLayerSyntax(layerKeyword, layerKeyword.Span));
                input = SourceScanning.Resynchronize(word.Remainder);
            }
        }

        statements.Add(new NetworkSyntax(keyword, layers.ToImmutable(),
            keyword.Span with { Length = input.Position - Skip(CnnTokens.InlineTrivia, start).Position }));
        return input;
    }

    private void ReportUnclosedNetwork(IInput? openBrace, IdentifierSyntax keyword, string hint)
    {
        // Without a '{' the missing '{' was already reported; one error for the block is enough.
        if (openBrace is null) return;
        Report(DiagnosticIds.MissingBrace, _tokens.SpanAt(openBrace, 1),
            "the 'network' block is not closed with '}'", hint);
    }

    /// <summary>
    /// Parses one statement or layer that must end at the end of its line, at ';' or before '}'. A node
    /// that parsed but is followed by junk is kept (its content is valid); one that failed is replaced by
    /// an invalid node so the checker knows it was written.
    /// </summary>
    private IInput ParseLine<T>(Parser<T> parser, IInput start, string what, Func<SourceSpan, T> invalid, Action<T> add)
    {
        var result = parser(start);
        if (result.WasSuccessful)
        {
            add(result.Value);
            var after = Skip(CnnTokens.InlineTrivia, result.Remainder);
            if (SourceScanning.AtStatementEnd(after)) return after;

            // A keyword in the wrong place is not misspelt: suggesting it back would only confuse.
            var suggestion = SourceScanning.WordAt(after) is { } word && !CnnKeywords.All.Contains(word)
                ? NearMiss.DidYouMean(word, CnnKeywords.Clauses)
                : "";
            ReportExpected(DiagnosticIds.SyntaxError, after, "",
                "put each statement on its own line, or end it with ';'",
                found => $"unexpected {found} after {what}{suggestion}");
            return SourceScanning.Resynchronize(after);
        }

        var at = result.Remainder;
        var failure = SyntaxFailure.TryDecode(result.Message)
                      ?? new SyntaxFailure(DiagnosticIds.SyntaxError, $"could not read {what}");
        var (found, length) = SourceScanning.Describe(at);
        var message = failure.AppendFound ? $"{failure.Message}, found {found}" : failure.Message;
        if (failure.Candidates is { } candidates && SourceScanning.WordAt(at) is { } misspelt)
            message += NearMiss.DidYouMean(misspelt, candidates);
        Report(failure.Id, _tokens.SpanAt(at, length), message, failure.Hint);

        var keywordStart = Skip(CnnTokens.InlineTrivia, start);
        add(invalid(_tokens.SpanAt(keywordStart, Math.Max(0, at.Position - keywordStart.Position))));
        return SourceScanning.Resynchronize(at);
    }

    private void ReportExpected(string id, IInput at, string expected, string hint, Func<string, string>? format = null)
    {
        var (found, length) = SourceScanning.Describe(at);
        Report(id, _tokens.SpanAt(at, length), format?.Invoke(found) ?? $"{expected}, found {found}", hint);
    }

    private void Report(string id, SourceSpan span, string message, string hint) =>
        _diagnostics.Add(Diagnostic.Error(id, span, message, hint));

    private static IInput Skip<T>(Parser<T> trivia, IInput input) => trivia(input).Remainder;
}
