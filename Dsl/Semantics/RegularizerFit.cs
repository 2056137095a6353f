using ConicDsl.Dsl.Diagnostics;

namespace ConicDsl.Dsl.Semantics;

/// <summary>
/// Whether the regularizer and the arrangements statement mean something for the resolved network. The quadratic
/// layer's penalty is β·Σ|α_j| with unit-norm input weights (math.md §8.1): calling that "weight decay" would misstate
/// the problem solved, so it takes <c>l1_output</c> and the other networks keep <c>weight_decay</c>. It has no ReLU,
/// hence no arrangement: an explicit <c>arrangements</c> statement is ignored with a warning.
/// </summary>
internal static class RegularizerFit
{
    public static RegularizerSpec? Check(NetworkSpec network, RegularizerSpec regularizer, PatternSpec patterns,
        DiagnosticBag diagnostics)
    {
        bool quadratic = network.Architecture is QuadraticArchitecture;
        if (quadratic && !patterns.Span.IsNone)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticIds.IneffectiveArrangements, patterns.Span,
                "'arrangements' has no effect on a 'quadratic' network: it has no ReLU, so there is no arrangement to enumerate or sample",
                "remove the arrangements statement"));
        }

        if (regularizer.Span.IsNone)
            return quadratic ? regularizer with { Kind = RegularizerKind.L1Output } : regularizer;

        if (quadratic && regularizer.Kind != RegularizerKind.L1Output)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.RegularizerMismatch, regularizer.Span,
                "a 'quadratic' layer is not trained with weight decay: its input weights are unit-norm and the penalty is β·Σ|α_j| on the output weights",
                $"write 'regularize {KnownNames.L1Output} {regularizer.Beta.ToString(System.Globalization.CultureInfo.InvariantCulture)}'"));
            return null;
        }

        if (!quadratic && regularizer.Kind == RegularizerKind.L1Output)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.RegularizerMismatch, regularizer.Span,
                "'l1_output' is the penalty of the 'quadratic' layer (unit-norm input weights); this network is trained with weight decay",
                $"write 'regularize {KnownNames.WeightDecay} {regularizer.Beta.ToString(System.Globalization.CultureInfo.InvariantCulture)}'"));
            return null;
        }

        return regularizer;
    }
}
