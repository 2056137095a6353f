using System.Collections.Immutable;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Syntax;

namespace ConicDsl.Dsl.Semantics;

/// <summary>Validates the <c>solve</c> statement against the caller's <see cref="BackendCatalog"/>.</summary>
internal static class SolveChecker
{
    public static SolverSpec? Check(SolveSyntax solve, BackendCatalog catalog, DiagnosticBag diagnostics)
    {
        var backend = solve.Backend.Text;
        var known = catalog.OptionsOf(backend);
        if (known is null)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.UnknownBackend, solve.Backend.Span,
                $"unknown backend '{backend}'{NearMiss.DidYouMean(backend, catalog.Names)}",
                catalog.Names.Count == 0 ? "no backends are available" : $"known backends: {string.Join(", ", catalog.Names)}"));
            return null;
        }

        var ok = true;
        var options = ImmutableArray.CreateBuilder<SolverOption>();
        var seen = new Dictionary<string, SolverOptionSyntax>(StringComparer.Ordinal);
        foreach (var option in solve.Options)
        {
            var name = option.Name.Text;
            if (seen.TryGetValue(name, out var first))
            {
                ok = Bad(option.Name, $"solver option '{name}' is given twice",
                    $"the first '{name}' is at line {first.Span.Line}, column {first.Span.Column}; remove one", diagnostics);
                continue;
            }

            seen[name] = option;
            var info = known.FirstOrDefault(o => o.Name == name);
            if (info is null)
            {
                ok = Bad(option.Name,
                    $"unknown option '{name}' for backend '{backend}'{NearMiss.DidYouMean(name, known.Select(o => o.Name))}",
                    known.Count == 0
                        ? $"backend '{backend}' takes no options"
                        : $"options of '{backend}': {string.Join(", ", known.Select(o => o.Name))}",
                    diagnostics);
                continue;
            }

            var problem = ValueProblem(info, option.Value);
            if (problem is not null)
            {
                ok = Bad(option.Value, $"option '{name}' {problem}, found '{option.Value.Text}'", $"{name}: {info.Help}", diagnostics);
                continue;
            }

            var number = option.Value is NumberLiteralSyntax n ? n.Value : (double?)null;
            options.Add(new SolverOption(name, option.Name.Span, option.Value.ValueText, number, option.Value.Span));
        }

        return ok ? new SolverSpec(backend, solve.Backend.Span, options.ToImmutable(), solve.Span) : null;
    }

    /// <summary>What is wrong with the value, worded to follow "option 'x' …", or null when it is fine.</summary>
    private static string? ValueProblem(OptionInfo info, LiteralSyntax value)
    {
        var number = value as NumberLiteralSyntax;
        return info.Kind switch
        {
            OptionKind.PositiveNumber when number is null || number.Value <= 0 => "needs a positive number",
            OptionKind.NonNegativeInteger when number is null || !number.IsWrittenAsInteger || number.Value < 0 =>
                "needs a whole number ≥ 0",
            OptionKind.PositiveInteger when number is null || !number.IsWrittenAsInteger || number.Value < 1 =>
                "needs a whole number ≥ 1",
            OptionKind.Flag01 when number is null || !number.IsWrittenAsInteger || number.Value is not (0 or 1) =>
                "needs 0 or 1",
            OptionKind.Word when number is not null => "needs a word",
            OptionKind.Word when info.Words is { } words && !words.Contains(value.ValueText) =>
                $"must be one of: {string.Join(", ", words)}",
            _ => null,
        };
    }

    private static bool Bad(SyntaxNode at, string message, string hint, DiagnosticBag diagnostics)
    {
        diagnostics.Add(Diagnostic.Error(DiagnosticIds.BadSolverOption, at.Span, message, hint));
        return false;
    }
}
