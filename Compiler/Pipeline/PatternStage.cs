using System.Collections.Immutable;
using System.Globalization;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Pipeline;

/// <summary>Picks the pattern source the model asks for; refuses exact enumeration that would exceed its limit
/// before any solver work starts.</summary>
public static class PatternStage
{
    public static (PatternSet? Patterns, ImmutableArray<Diagnostic> Diagnostics) Build(
        PatternSpec spec, double[,] design, CancellationToken cancellation, Action<long>? regions = null)
    {
        switch (spec)
        {
            case ExactPatterns exact:
                var enumerator = new CertifiedArrangementEnumerator(exact.Limit, regions);
                var estimate = enumerator.EstimateExactCount(design);
                if (estimate.ExceedsLimit) return (null, ImmutableArray.Create(TooLarge(spec, estimate)));
                try
                {
                    return (enumerator.Build(design, cancellation), ImmutableArray<Diagnostic>.Empty);
                }
                catch (ExactEnumerationRefusedException refused)
                {
                    // The bound is computed from the numeric rank; when the exact rank is higher the search itself
                    // stops at the limit, and the user gets the same diagnostic.
                    return (null, ImmutableArray.Create(TooLarge(spec, refused.Estimate)));
                }
            case SampledPatterns sampled:
                return (new ArrangementSampler(sampled.Count, sampled.Seed).Build(design, cancellation), ImmutableArray<Diagnostic>.Empty);
            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec, "unknown pattern source");
        }
    }

    private static Diagnostic TooLarge(PatternSpec spec, ExactCountEstimate estimate) =>
        Diagnostic.Error(DiagnosticIds.ArrangementTooLarge, spec.Span,
            $"exact enumeration may produce up to {estimate.Bound.ToString("N0", CultureInfo.InvariantCulture)} patterns (rank {estimate.Rank}, {estimate.ReducedRows} distinct hyperplanes), above the limit {estimate.Limit.ToString("N0", CultureInfo.InvariantCulture)}",
            "use 'arrangements sample N seed S' (an upper bound on the optimum), or raise the limit with 'arrangements exact limit N'");
}
