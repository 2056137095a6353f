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
        PatternSpec spec, double[,] design, CancellationToken cancellation)
    {
        switch (spec)
        {
            case ExactPatterns exact:
                var estimate = ArrangementAnalysis.EstimateExactCount(design);
                if (estimate.Bound > exact.Limit)
                {
                    var bound = estimate.Bound.ToString("N0", CultureInfo.InvariantCulture);
                    return (null, ImmutableArray.Create(Diagnostic.Error(DiagnosticIds.ArrangementTooLarge, spec.Span,
                        $"exact enumeration may produce up to {bound} patterns (rank {estimate.Rank}, {estimate.ReducedRows} distinct hyperplanes), above the limit {exact.Limit:N0}",
                        "use 'arrangements sample N seed S' (an upper bound on the optimum), or raise the limit with 'arrangements exact limit N'")));
                }
                return (new Z3ArrangementEnumerator().Build(design, cancellation), ImmutableArray<Diagnostic>.Empty);
            case SampledPatterns sampled:
                return (new ArrangementSampler(sampled.Count, sampled.Seed).Build(design, cancellation), ImmutableArray<Diagnostic>.Empty);
            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec, "unknown pattern source");
        }
    }
}
