using ConicDsl.Compiler.Patterns;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures.Sizing;

/// <summary>How many patterns a model's <c>arrangements</c> statement will produce at most, known before enumerating.</summary>
public static class RequestedPatterns
{
    /// <summary><c>sample N</c>: N (distinct draws can only be fewer); <c>exact</c>: the bound of
    /// <see cref="ExactCountEstimate"/> on the design matrix. Null when that bound is above the statement's limit: the
    /// pattern stage refuses the model itself (CNN1205), with its own message.</summary>
    public static long? Count(PatternSpec spec, double[,] design) => spec switch
    {
        SampledPatterns sampled => sampled.Count,
        ExactPatterns exact => new CertifiedArrangementEnumerator(exact.Limit).EstimateExactCount(design) is { ExceedsLimit: false } e
            ? (long)e.Bound
            : null,
        _ => null,
    };
}
