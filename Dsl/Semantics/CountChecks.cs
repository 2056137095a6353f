using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Syntax;

namespace ConicDsl.Dsl.Semantics;

/// <summary>Validation of numbers that count things (widths, sample counts, limits) or seed generators.</summary>
internal static class CountChecks
{
    /// <summary>A whole number from 1 to <paramref name="max"/>; <paramref name="what"/> names it in messages.</summary>
    public static long? Positive(NumberLiteralSyntax number, string what, long max, DiagnosticBag diagnostics)
    {
        if (!IsWhole(number, what, diagnostics)) return null;
        if (number.Value <= 0)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.NonPositiveCount, number.Span,
                $"{what} must be at least 1, found '{number.Text}'", "write a positive whole number"));
            return null;
        }

        if (number.Value > max)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.NonPositiveCount, number.Span,
                $"{what} must be at most {max}, found '{number.Text}'", "write a smaller number"));
            return null;
        }

        return (long)number.Value;
    }

    /// <summary>Any whole number that fits an <see cref="int"/>: seeds may be negative.</summary>
    public static int? Seed(NumberLiteralSyntax number, DiagnosticBag diagnostics)
    {
        if (!IsWhole(number, "the seed", diagnostics)) return null;
        if (number.Value is < int.MinValue or > int.MaxValue)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.NonIntegerCount, number.Span,
                $"the seed must be a whole number between {int.MinValue} and {int.MaxValue}, found '{number.Text}'",
                "write a smaller seed, e.g. seed 7"));
            return null;
        }

        return (int)number.Value;
    }

    private static bool IsWhole(NumberLiteralSyntax number, string what, DiagnosticBag diagnostics)
    {
        if (number.IsWrittenAsInteger) return true;

        // "2.0" is a whole value written as a fraction: tell the user the spelling we want.
        var hint = Math.Floor(number.Value) == number.Value
            ? $"write it without a decimal point: {number.Value:0}"
            : "counts, widths, seeds and limits are whole numbers";
        diagnostics.Add(Diagnostic.Error(DiagnosticIds.NonIntegerCount, number.Span,
            $"{what} must be a whole number, found '{number.Text}'", hint));
        return false;
    }
}
