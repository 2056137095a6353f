using System.Collections.Immutable;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Syntax;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Semantics;

/// <summary>
/// Turns a syntax tree into a <see cref="Model"/>: fills in defaults and validates every value, reporting
/// all problems rather than stopping at the first. Returns null when any check failed.
/// </summary>
public static class ModelChecker
{
    private static readonly string[] Required = ["data", "network", "loss"];

    public static Model? Check(ModelSyntax syntax, BackendCatalog catalog, DiagnosticBag diagnostics)
    {
        var path = syntax.Span.Path;
        var nameSpan = syntax.Name.IsMissing ? syntax.Keyword.Span : syntax.Name.Span;
        var label = syntax.Name.IsMissing ? "the model" : $"model '{syntax.Name.Text}'";
        var statements = FirstOfEach(syntax, diagnostics);

        foreach (var keyword in Required.Where(k => !statements.ContainsKey(k)))
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.MissingStatement, nameSpan,
                $"{label} has no '{keyword}' statement", MissingHint(keyword)));
        }

        var ok = Required.All(statements.ContainsKey) && statements.Values.All(s => s is not InvalidStatementSyntax);

        var data = statements.GetValueOrDefault("data") is DataSyntax d ? CheckData(d, diagnostics) : null;
        var loss = statements.GetValueOrDefault("loss") is LossSyntax l ? CheckLoss(l, diagnostics) : null;

        var regularizer = statements.GetValueOrDefault("regularize") switch
        {
            RegularizeSyntax r => CheckRegularizer(r, diagnostics),
            // The hint of the missing-regularizer warning depends on the network, whose own check needs the
            // regularizer's kind; the layer's syntax is enough to tell.
            null => NoRegularizer(label, syntax.Span.Path, nameSpan,
                statements.GetValueOrDefault("network") is NetworkSyntax ns && ns.Layers.Any(x => x is QuadraticLayerSyntax), diagnostics),
            _ => null,
        };
        var network = statements.GetValueOrDefault("network") is NetworkSyntax n
            ? NetworkChecker.Check(n, diagnostics, regularizer?.Kind ?? RegularizerKind.WeightDecay)
            : null;
        var patterns = statements.GetValueOrDefault("arrangements") switch
        {
            ArrangementsSyntax a => CheckArrangements(a, diagnostics),
            null => new ExactPatterns(ExactPatterns.DefaultLimit, SourceSpan.None(path)),
            _ => null,
        };
        var solver = statements.GetValueOrDefault("solve") switch
        {
            SolveSyntax s => SolveChecker.Check(s, catalog, diagnostics),
            null => new SolverSpec(KnownNames.DefaultBackend, SourceSpan.None(path), [], SourceSpan.None(path)),
            _ => null,
        };

        if (!ok || data is null || network is null || loss is null || regularizer is null || patterns is null || solver is null)
            return null;
        regularizer = RegularizerFit.Check(network, regularizer, patterns, diagnostics);
        if (regularizer is null) return null;
        if (!VectorOutputChecks.Check(data, network, loss, regularizer, diagnostics)) return null;
        return new Model(syntax.Name.Text, path, syntax.Span, data, network, loss, regularizer, patterns, solver);
    }

    /// <summary>The first statement of each kind; later ones are reported as duplicates.</summary>
    private static Dictionary<string, StatementSyntax> FirstOfEach(ModelSyntax syntax, DiagnosticBag diagnostics)
    {
        var first = new Dictionary<string, StatementSyntax>(StringComparer.Ordinal);
        foreach (var statement in syntax.Statements)
        {
            var keyword = statement.Keyword.Text;
            if (first.TryGetValue(keyword, out var earlier))
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticIds.DuplicateStatement, statement.Keyword.Span,
                    $"duplicate '{keyword}' statement; a model has at most one",
                    $"the first '{keyword}' statement is on line {earlier.Keyword.Span.Line}; remove one of them"));
                continue;
            }

            first[keyword] = statement;
        }

        return first;
    }

    private static string MissingHint(string keyword) => keyword switch
    {
        "data" => "add e.g. data \"points.csv\" target y",
        "network" => "add e.g. network { input bias; relu 32; output 1 }",
        _ => $"add e.g. loss squared (known losses: {string.Join(", ", KnownNames.Losses.Keys)})",
    };

    private static DataSpec? CheckData(DataSyntax data, DiagnosticBag diagnostics)
    {
        var ok = true;
        var moreTargets = data.MoreTargets.IsDefault ? [] : data.MoreTargets;
        var targets = moreTargets.Insert(0, data.Target).Select(t => t.ValueText).ToHashSet(StringComparer.Ordinal);
        var seenTargets = new Dictionary<string, LiteralSyntax>(StringComparer.Ordinal) { [data.Target.ValueText] = data.Target };
        foreach (var extra in moreTargets)
        {
            if (seenTargets.TryGetValue(extra.ValueText, out var earlier))
            {
                ok = false;
                diagnostics.Add(Diagnostic.Error(DiagnosticIds.DuplicateColumnReference, extra.Span,
                    $"column '{extra.ValueText}' is listed twice among the targets",
                    $"it is first listed at column {earlier.Span.Column}; remove one"));
            }
            else seenTargets[extra.ValueText] = extra;
        }

        var seen = new Dictionary<string, LiteralSyntax>(StringComparer.Ordinal);
        foreach (var feature in data.Features)
        {
            var name = feature.ValueText;
            if (targets.Contains(name))
            {
                ok = false;
                diagnostics.Add(Diagnostic.Error(DiagnosticIds.DuplicateColumnReference, feature.Span,
                    $"the target column '{name}' is also listed as a feature",
                    $"remove '{name}' from the features: a model cannot use the value it predicts"));
            }
            else if (seen.TryGetValue(name, out var earlier))
            {
                ok = false;
                diagnostics.Add(Diagnostic.Error(DiagnosticIds.DuplicateColumnReference, feature.Span,
                    $"column '{name}' is listed twice among the features",
                    $"it is first listed at column {earlier.Span.Column}; remove one"));
            }
            else
            {
                seen[name] = feature;
            }
        }

        if (!ok) return null;
        return new DataSpec(data.Path.Value, data.Path.Span, Column(data.Target),
            data.Features.Select(Column).ToImmutableArray(), data.Standardize is not null, data.Span,
            moreTargets.Select(Column).ToImmutableArray());

        static ColumnRef Column(LiteralSyntax column) => new(column.ValueText, column.Span);
    }

    private static LossSpec? CheckLoss(LossSyntax loss, DiagnosticBag diagnostics)
    {
        if (KnownNames.Losses.TryGetValue(loss.Name.Text, out var kind))
        {
            if (loss.Delta is null) return new LossSpec(kind, loss.Span);
            if (kind != LossKind.Huber)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticIds.BadLossParameter, loss.DeltaKeyword!.Span,
                    $"the {loss.Name.Text} loss takes no 'delta'; only 'loss huber' has a threshold",
                    "remove 'delta D', or write 'loss huber delta D'"));
                return null;
            }

            var delta = loss.Delta.Value;
            if (!(delta > 0) || double.IsInfinity(delta))
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticIds.BadLossParameter, loss.Delta.Span,
                    $"the Huber threshold delta must be a positive number, found '{loss.Delta.Text}'",
                    "write e.g. loss huber delta 0.5 (the default is delta 1)"));
                return null;
            }

            return new LossSpec(kind, loss.Span, delta);
        }

        diagnostics.Add(Diagnostic.Error(DiagnosticIds.UnknownLoss, loss.Name.Span,
            $"unknown loss '{loss.Name.Text}'{NearMiss.DidYouMean(loss.Name.Text, KnownNames.Losses.Keys)}",
            $"known losses: {string.Join(", ", KnownNames.Losses.Keys)}"));
        return null;
    }

    private static RegularizerSpec? CheckRegularizer(RegularizeSyntax regularize, DiagnosticBag diagnostics)
    {
        var ok = true;
        if (!KnownNames.Regularizers.Contains(regularize.Name.Text))
        {
            ok = false;
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.UnknownRegularizer, regularize.Name.Span,
                $"unknown regularizer '{regularize.Name.Text}'{NearMiss.DidYouMean(regularize.Name.Text, KnownNames.Regularizers)}",
                $"known regularizers: {string.Join(", ", KnownNames.Regularizers)}"));
        }

        var kind = regularize.Name.Text switch
        {
            KnownNames.L1Output => RegularizerKind.L1Output,
            KnownNames.WeightDecayL1Output => RegularizerKind.WeightDecayL1Output,
            _ => RegularizerKind.WeightDecay,
        };
        if (regularize.Path is { } path) return CheckPath(regularize, path, kind, ok, diagnostics);

        var beta = regularize.Coefficient;
        if (beta.Value < 0)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.NegativeBeta, beta.Span,
                $"the weight-decay coefficient must not be negative, found '{beta.Text}'",
                "use β ≥ 0, e.g. regularize weight_decay 0.01; a negative penalty makes the program unbounded"));
            return null;
        }

        if (beta.Value == 0)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticIds.NoWeightDecay, beta.Span,
                "weight decay 0: without weight decay the program may have many optimal networks",
                "use a small positive coefficient, e.g. 0.001, to select one"));
        }

        return ok ? new RegularizerSpec(beta.Value, regularize.Span, kind) : null;
    }

    private static RegularizerSpec? CheckPath(RegularizeSyntax regularize, RegularizationPathSyntax path, RegularizerKind kind, bool ok,
        DiagnosticBag diagnostics)
    {
        const string hint = "write e.g. regularize weight_decay path 1e-4 .. 1 steps 20 (0 < first < last, at least 2 steps)";
        var from = regularize.Coefficient;
        if (from.Value <= 0)
        {
            ok = false;
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.BadRegularizationPath, from.Span,
                $"the path's first β must be positive, found '{from.Text}': β values are log-spaced", hint));
        }
        if (path.To.Value <= from.Value)
        {
            ok = false;
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.BadRegularizationPath, path.To.Span,
                $"the path's last β ('{path.To.Text}') must be larger than its first ('{from.Text}')", hint));
        }
        long? steps = null;
        if (path.Steps.IsWrittenAsInteger && path.Steps.Value < 2)
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.BadRegularizationPath, path.Steps.Span,
                $"a path needs at least 2 steps, found '{path.Steps.Text}'", "for one β write regularize weight_decay BETA"));
        else
            steps = CountChecks.Positive(path.Steps, "the number of steps", RegularizationPath.MaxSteps, diagnostics);
        if (!ok || steps is null) return null;
        return new RegularizerSpec(from.Value, regularize.Span, kind, new RegularizationPath(from.Value, path.To.Value, (int)steps.Value));
    }

    private static RegularizerSpec NoRegularizer(string label, string path, SourceSpan at, bool quadratic,
        DiagnosticBag diagnostics)
    {
        if (quadratic)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticIds.NoWeightDecay, at,
                $"{label} has no regularizer (β = 0): without it the program may have many optimal networks",
                $"add e.g. regularize {KnownNames.L1Output} 0.001"));
            return new RegularizerSpec(0, SourceSpan.None(path), RegularizerKind.L1Output);
        }


        diagnostics.Add(Diagnostic.Warning(DiagnosticIds.NoWeightDecay, at,
            $"{label} has no weight decay (β = 0): without it the program may have many optimal networks",
            "add e.g. regularize weight_decay 0.001"));
        return new RegularizerSpec(0, SourceSpan.None(path));
    }

    private static PatternSpec? CheckArrangements(ArrangementsSyntax arrangements, DiagnosticBag diagnostics)
    {
        switch (arrangements)
        {
            case ExactArrangementsSyntax exact:
            {
                if (exact.Limit is null) return new ExactPatterns(ExactPatterns.DefaultLimit, exact.Span);
                var limit = CountChecks.Positive(exact.Limit, "the limit", long.MaxValue / 2, diagnostics);
                return limit is null ? null : new ExactPatterns(limit.Value, exact.Span);
            }
            case SampleArrangementsSyntax sample:
            {
                var count = CountChecks.Positive(sample.Count, "the number of sampled gates", int.MaxValue, diagnostics);
                var seed = sample.Seed is null ? 0 : CountChecks.Seed(sample.Seed, diagnostics);
                return count is null || seed is null ? null : new SampledPatterns((int)count.Value, seed.Value, sample.Span);
            }
            default:
                // The parser only builds the two forms above; a new form must be given a check here.
                throw new System.Diagnostics.UnreachableException($"unchecked arrangements form {arrangements.GetType().Name}");
        }
    }
}
