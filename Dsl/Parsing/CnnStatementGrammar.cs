using System.Collections.Immutable;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Syntax;
using ConicDsl.Dsl.Text;
using Sprache;

namespace ConicDsl.Dsl.Parsing;

/// <summary>
/// Sprache parsers for one statement or one layer each, starting at its keyword and ending at its last
/// token. Line structure, blocks and error recovery are the driver's business (<see cref="CnnParser"/>).
/// Every step after the keyword is wrapped in <c>Expect</c>, so a failure says what was expected where.
/// </summary>
internal sealed class CnnStatementGrammar
{
    private readonly CnnTokens _t;

    public CnnStatementGrammar(CnnTokens tokens)
    {
        _t = tokens;
        Statements = new Dictionary<string, Parser<StatementSyntax>>
        {
            ["data"] = Data(),
            ["loss"] = Loss(),
            ["regularize"] = Regularize(),
            ["arrangements"] = Arrangements(),
            ["solve"] = Solve(),
        };
        Layers = new Dictionary<string, Parser<LayerSyntax>>
        {
            ["input"] = InputLayer(),
            ["relu"] = ReluLayer(),
            ["gated_relu"] = GatedReluLayer(),
            ["quadratic"] = QuadraticLayer(),
            ["output"] = OutputLayer(),
            ["conv"] = ConvLayer(),
            ["pool"] = PoolLayer(),
            ["dense"] = DenseLayer(),
            ["relaxation"] = Relaxation(),
        };
    }

    /// <summary>Single-line statements by keyword; <c>network</c> is a block and is parsed by the driver.</summary>
    public IReadOnlyDictionary<string, Parser<StatementSyntax>> Statements { get; }

    /// <summary>Lines of a network block by keyword: the layers and <c>relaxation</c>.</summary>
    public IReadOnlyDictionary<string, Parser<LayerSyntax>> Layers { get; }

    /// <summary>Runs <paramref name="parser"/> and gives its result the span from its first to its last token.</summary>
    private Parser<T> Spanned<T>(Parser<Func<SourceSpan, T>> parser) =>
        start =>
        {
            var input = CnnTokens.InlineTrivia(start).Remainder;
            var result = parser(input);
            if (!result.WasSuccessful)
            {
                // "Not here" stays at the caller's position, so that XOptional sees nothing consumed.
                var notHere = !SyntaxFailure.IsEncoded(result.Message) && result.Remainder.Position == input.Position;
                return Result.Failure<T>(notHere ? start : result.Remainder, result.Message, result.Expectations);
            }

            var span = _t.SpanAt(input, result.Remainder.Position - input.Position);
            return Result.Success(result.Value(span), result.Remainder);
        };

    private Parser<StatementSyntax> Data()
    {
        var column = _t.Column;
        var features =
            from keyword in _t.Keyword("features")
            from first in column.Expect(DiagnosticIds.SyntaxError, "expected a column name after 'features'",
                "list the input columns separated by commas: features x1, x2")
            from rest in (
                from comma in _t.Comma
                from next in column.Expect(DiagnosticIds.SyntaxError, "expected a column name after ','",
                    "remove the trailing comma or add a column")
                select next).XMany()
            select rest.Prepend(first).ToImmutableArray();

        return Spanned(
            from keyword in _t.Keyword("data")
            from path in _t.String.Expect(DiagnosticIds.SyntaxError,
                "expected the data file's path in double quotes after 'data'", "write e.g. data \"points.csv\" target y")
            from target in _t.Keyword("target").Expect(DiagnosticIds.SyntaxError,
                "expected 'target' after the data file's path", "name the column to predict: data \"points.csv\" target y")
            from targetColumn in column.Expect(DiagnosticIds.SyntaxError,
                "expected the target column's name after 'target'", "write a name, or a quoted name if it has spaces")
            from moreTargets in (
                from comma in _t.Comma
                from next in column.Expect(DiagnosticIds.SyntaxError, "expected a target column's name after ','",
                    "one target column per output: target a, b, c")
                select next).XMany()
            from featureColumns in features.XOptional()
            from standardize in _t.Keyword("standardize").XOptional()
            select (Func<SourceSpan, StatementSyntax>)(span => new DataSyntax(keyword, path, targetColumn,
                featureColumns.GetOrElse([]), standardize.GetOrDefault(), span, moreTargets.ToImmutableArray())));
    }

    private Parser<StatementSyntax> Loss() =>
        Spanned(
            from keyword in _t.Keyword("loss")
            from name in _t.Identifier.Expect(DiagnosticIds.SyntaxError, "expected the loss's name after 'loss'",
                $"known losses: {string.Join(", ", KnownNames.Losses.Keys)}")
            from delta in (
                from word in _t.Keyword("delta")
                from d in _t.Number.Expect(DiagnosticIds.BadNumber,
                    "expected a number after 'delta' (the Huber loss's threshold)", "write e.g. loss huber delta 0.5")
                select (Word: word, Value: d)).XOptional()
            select (Func<SourceSpan, StatementSyntax>)(span =>
                new LossSyntax(keyword, name, span, delta.GetOrDefault().Word, delta.GetOrDefault().Value)));

    private Parser<StatementSyntax> Regularize()
    {
        const string pathHint = "write e.g. regularize weight_decay path 1e-4 .. 1 steps 20 (spaces around '..')";
        var single =
            from beta in _t.Number
            select (Beta: beta, Path: (RegularizationPathSyntax?)null);
        var path =
            from word in _t.Keyword("path")
            from from_ in _t.Number.Expect(DiagnosticIds.BadNumber, "expected the path's first β after 'path'", pathHint)
            from dots in _t.Range.Expect(DiagnosticIds.SyntaxError, "expected '..' between the path's first and last β", pathHint)
            from to in _t.Number.Expect(DiagnosticIds.BadNumber, "expected the path's last β after '..'", pathHint)
            from steps in _t.Keyword("steps").Expect(DiagnosticIds.SyntaxError, "expected 'steps N' after the path's last β", pathHint)
            from n in _t.Number.Expect(DiagnosticIds.BadNumber, "expected the number of β values after 'steps'", pathHint)
            select (Beta: from_, Path: (RegularizationPathSyntax?)new RegularizationPathSyntax(word, to, n));
        return Spanned(
            from keyword in _t.Keyword("regularize")
            from name in _t.Identifier.Expect(DiagnosticIds.SyntaxError,
                "expected the regularizer's name after 'regularize'", "write e.g. regularize weight_decay 0.01")
            from value in ParserCombinators.Choice(single, path).Expect(DiagnosticIds.BadNumber,
                $"expected a number after '{name.Text}' (the coefficient β), or 'path FROM .. TO steps N'",
                "write e.g. regularize weight_decay 0.01")
            select (Func<SourceSpan, StatementSyntax>)(span => new RegularizeSyntax(keyword, name, value.Beta, span, value.Path)));
    }

    private Parser<StatementSyntax> Arrangements()
    {
        var modes = new[] { "exact", "sample" };
        var exact =
            from mode in _t.Keyword("exact")
            from limit in (
                from word in _t.Keyword("limit")
                from n in _t.Number.Expect(DiagnosticIds.BadNumber,
                    "expected a number after 'limit' (the most patterns exact enumeration may produce)",
                    "write e.g. arrangements exact limit 50000")
                select n).XOptional()
            from end in _t.NoMoreWords(new SyntaxFailure(DiagnosticIds.BadArrangements,
                "'arrangements exact' takes only 'limit N'", "to sample patterns write 'arrangements sample N seed S'"))
            select (mode, (Func<IdentifierSyntax, SourceSpan, StatementSyntax>)((keyword, span) =>
                new ExactArrangementsSyntax(keyword, mode, limit.GetOrDefault(), span)));
        var sample =
            from mode in _t.Keyword("sample")
            from count in _t.Number.Expect(DiagnosticIds.BadNumber,
                "expected a number after 'sample' (how many random gates to draw)", "write e.g. arrangements sample 200 seed 7")
            from seed in (
                from word in _t.Keyword("seed")
                from n in _t.Number.Expect(DiagnosticIds.BadNumber, "expected a number after 'seed'",
                    "write e.g. arrangements sample 200 seed 7")
                select n).XOptional()
            from end in _t.NoMoreWords(new SyntaxFailure(DiagnosticIds.BadArrangements,
                "'arrangements sample N' takes only 'seed S'", "write e.g. arrangements sample 200 seed 7"))
            select (mode, (Func<IdentifierSyntax, SourceSpan, StatementSyntax>)((keyword, span) =>
                new SampleArrangementsSyntax(keyword, mode, count, seed.GetOrDefault(), span)));

        return Spanned(
            from keyword in _t.Keyword("arrangements")
            from body in ParserCombinators.Choice(exact, sample).Expect(new SyntaxFailure(DiagnosticIds.BadArrangements,
                "expected 'exact' or 'sample N' after 'arrangements'",
                "write 'arrangements exact [limit N]' or 'arrangements sample N [seed S]'", Candidates: modes))
            select (Func<SourceSpan, StatementSyntax>)(span => body.Item2(keyword, span)));
    }

    private Parser<StatementSyntax> Solve()
    {
        var option =
            from name in _t.Identifier
            from value in _t.Value.Expect(DiagnosticIds.SyntaxError,
                $"expected a value after solver option '{name.Text}'", "options are written as pairs: NAME VALUE")
            select new SolverOptionSyntax(name, value, name.Span with
            {
                Length = value.Span.Column + value.Span.Length - name.Span.Column,
            });

        return Spanned(
            from keyword in _t.Keyword("solve")
            from backend in _t.Identifier.Expect(DiagnosticIds.SyntaxError, "expected the backend's name after 'solve'",
                $"write e.g. solve {KnownNames.DefaultBackend}")
            from options in option.XMany()
            select (Func<SourceSpan, StatementSyntax>)(span =>
                new SolveSyntax(keyword, backend, options.ToImmutableArray(), span)));
    }

    private Parser<LayerSyntax> InputLayer()
    {
        var bias =
            from word in _t.Keyword("bias")
            from unregularized in _t.Keyword("unregularized").XOptional()
            select (word, unregularized.GetOrDefault());

        return Spanned(
            from keyword in _t.Keyword("input")
            from shape in ParserCombinators.Choice(Signal(), Image()).XOptional()
            from b in bias.XOptional()
            select (Func<SourceSpan, LayerSyntax>)(span => b.IsDefined
                ? new InputLayerSyntax(keyword, shape.GetOrDefault(), b.Get().word, b.Get().Item2, span)
                : new InputLayerSyntax(keyword, shape.GetOrDefault(), null, null, span)));
    }

    private Parser<NumberLiteralSyntax> Channels() =>
        from word in _t.Keyword("channels")
        from count in _t.Number.Expect(DiagnosticIds.BadNumber,
            "expected a number after 'channels' (the number of input channels)", "write e.g. channels 3")
        select count;

    private Parser<InputShapeSyntax> Signal() =>
        Spanned(
            from keyword in _t.Keyword("signal")
            from length in _t.Number.Expect(DiagnosticIds.BadNumber, "expected the signal's length after 'signal'",
                "write e.g. input signal 64, or input signal 64 channels 2")
            from channels in Channels().XOptional()
            select (Func<SourceSpan, InputShapeSyntax>)(span =>
                new InputShapeSyntax(keyword, [length], channels.GetOrDefault(), span)));

    private Parser<InputShapeSyntax> Image() =>
        Spanned(
            from keyword in _t.Keyword("image")
            from height in _t.Number.Expect(DiagnosticIds.BadNumber, "expected the image's height after 'image'",
                "write e.g. input image 28 28 (height, then width), or input image 32 32 channels 3")
            from width in _t.Number.Expect(DiagnosticIds.BadNumber, "expected the image's width after its height",
                "write e.g. input image 28 28 (height, then width)")
            from channels in Channels().XOptional()
            select (Func<SourceSpan, InputShapeSyntax>)(span =>
                new InputShapeSyntax(keyword, [height, width], channels.GetOrDefault(), span)));

    private Parser<LayerSyntax> ReluLayer() =>
        Spanned(
            from keyword in _t.Keyword("relu")
            from width in _t.Number.Expect(DiagnosticIds.BadNumber, "expected a number after 'relu' (the layer's width)",
                "write e.g. relu 32")
            select (Func<SourceSpan, LayerSyntax>)(span => new ReluLayerSyntax(keyword, width, span)));

    private Parser<LayerSyntax> GatedReluLayer() =>
        Spanned(
            from keyword in _t.Keyword("gated_relu")
            from width in _t.Number.Expect(DiagnosticIds.BadNumber,
                "expected a number after 'gated_relu' (the layer's width)", "write e.g. gated_relu 32")
            select (Func<SourceSpan, LayerSyntax>)(span => new GatedReluLayerSyntax(keyword, width, span)));

    private Parser<LayerSyntax> QuadraticLayer()
    {
        const string example = "write e.g. quadratic 8 coefficients 1 0.5 0.2 (σ(t) = 1·t² + 0.5·t + 0.2)";
        var coefficients =
            from word in _t.Keyword("coefficients")
            from a in _t.Number.Expect(DiagnosticIds.BadNumber, "expected three numbers after 'coefficients' (a, b, c of σ(t) = a·t² + b·t + c)", example)
            from b in _t.Number.Expect(DiagnosticIds.BadNumber, "expected three numbers after 'coefficients'; found only one (a)", example)
            from c in _t.Number.Expect(DiagnosticIds.BadNumber, "expected three numbers after 'coefficients'; found only two (a, b)", example)
            select ImmutableArray.Create(a, b, c);
        return Spanned(
            from keyword in _t.Keyword("quadratic")
            from width in _t.Number.Expect(DiagnosticIds.BadNumber,
                "expected a number after 'quadratic' (the layer's width)", example)
            from given in coefficients.XOptional()
            select (Func<SourceSpan, LayerSyntax>)(span =>
                new QuadraticLayerSyntax(keyword, width, given.GetOrElse(ImmutableArray<NumberLiteralSyntax>.Empty), span)));
    }

    private Parser<LayerSyntax> OutputLayer() =>
        Spanned(
            from keyword in _t.Keyword("output")
            from count in _t.Number.Expect(DiagnosticIds.BadNumber,
                "expected a number after 'output' (the number of outputs)", "write output 1")
            select (Func<SourceSpan, LayerSyntax>)(span => new OutputLayerSyntax(keyword, count, span)));

    private Parser<LayerSyntax> ConvLayer()
    {
        const string example = "write e.g. conv filters 8 size 3 relu";
        return Spanned(
            from keyword in _t.Keyword("conv")
            from kind in ParserCombinators.Choice(_t.Keyword("circular"), _t.Keyword("local")).XOptional()
            from filtersWord in _t.Keyword("filters").Expect(new SyntaxFailure(DiagnosticIds.SyntaxError,
                $"expected 'filters' after '{(kind.IsDefined ? $"conv {kind.Get().Text}" : "conv")}'",
                "a conv layer is written conv [circular|local] filters M size K [K2] [stride S] [unit_norm] [relu]",
                Candidates: kind.IsDefined ? ["filters"] : ["filters", "circular", "local"]))
            from filters in _t.Number.Expect(DiagnosticIds.BadNumber,
                "expected a number after 'filters' (how many filters the layer has)", example)
            from sizeWord in _t.Keyword("size").Expect(new SyntaxFailure(DiagnosticIds.SyntaxError,
                "expected 'size' after the number of filters", example, Candidates: ["size"]))
            from size in _t.Number.Expect(DiagnosticIds.BadNumber, "expected a number after 'size' (the filter's size)",
                "write e.g. size 3; an image filter may give height and width: size 3 5")
            from size2 in _t.Number.XOptional()
            from options in ConvOptions()
            select (Func<SourceSpan, LayerSyntax>)(span => new ConvLayerSyntax(keyword, kind.GetOrDefault(), filters,
                size2.IsDefined ? [size, size2.Get()] : [size], options, span)));
    }

    /// <summary>
    /// The trailing <c>stride S</c>, <c>unit_norm</c> and <c>relu</c> of a conv layer, in any order. A second
    /// occurrence of one is a committed failure placed at it, so the user sees which word to remove.
    /// </summary>
    private Parser<ImmutableArray<ConvOptionSyntax>> ConvOptions()
    {
        var stride =
            from word in _t.Keyword("stride")
            from value in _t.Number.Expect(DiagnosticIds.BadNumber, "expected a number after 'stride'", "write e.g. stride 2")
            select new ConvOptionSyntax(word, value, word.Span with
            {
                Length = value.Span.Column + value.Span.Length - word.Span.Column,
            });
        var flag =
            from word in ParserCombinators.Choice(_t.Keyword("unit_norm"), _t.Keyword("relu"))
            select new ConvOptionSyntax(word, null, word.Span);
        var option = ParserCombinators.Choice(stride, flag);

        return input =>
        {
            var options = ImmutableArray.CreateBuilder<ConvOptionSyntax>();
            while (true)
            {
                var result = option(input);
                if (!result.WasSuccessful)
                {
                    if (SyntaxFailure.IsEncoded(result.Message))
                        return Result.Failure<ImmutableArray<ConvOptionSyntax>>(result.Remainder, result.Message, result.Expectations);
                    return Result.Success(options.ToImmutable(), input);
                }

                var word = result.Value.Keyword.Text;
                if (options.Any(o => o.Keyword.Text == word))
                {
                    return ParserCombinators.Fail<ImmutableArray<ConvOptionSyntax>>(CnnTokens.InlineTrivia(input).Remainder,
                        new SyntaxFailure(DiagnosticIds.SyntaxError, $"'{word}' is given twice in one 'conv' layer",
                            "give each of stride S, unit_norm and relu at most once", AppendFound: false));
                }

                options.Add(result.Value);
                input = result.Remainder;
            }
        };
    }

    private Parser<LayerSyntax> PoolLayer()
    {
        string[] kinds = ["sum", "mean", "max"];
        return Spanned(
            from keyword in _t.Keyword("pool")
            from kind in ParserCombinators.Choice(kinds.Select(_t.Keyword).ToArray()).Expect(new SyntaxFailure(
                DiagnosticIds.SyntaxError, "expected 'sum', 'mean' or 'max' after 'pool'",
                "write e.g. pool sum (global pooling over all positions)", Candidates: kinds))
            select (Func<SourceSpan, LayerSyntax>)(span => new PoolLayerSyntax(keyword, kind, span)));
    }

    private Parser<LayerSyntax> DenseLayer() =>
        Spanned(
            from keyword in _t.Keyword("dense")
            from relu in _t.Keyword("relu").Expect(new SyntaxFailure(DiagnosticIds.SyntaxError,
                "expected 'relu' after 'dense'", "the dense layer is written 'dense relu'", Candidates: ["relu"]))
            select (Func<SourceSpan, LayerSyntax>)(span => new DenseLayerSyntax(keyword, relu, span)));

    private Parser<LayerSyntax> Relaxation() =>
        Spanned(
            from keyword in _t.Keyword("relaxation")
            from tight in _t.Keyword("tight").XOptional()
            select (Func<SourceSpan, LayerSyntax>)(span => new RelaxationSyntax(keyword, span, tight.GetOrDefault())));
}
