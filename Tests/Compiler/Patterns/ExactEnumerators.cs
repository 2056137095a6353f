using ConicDsl.Compiler.Patterns;

namespace ConicDsl.Tests.Compiler.Patterns;

public enum ExactEnumerator
{
    /// <summary>Depth-first search with one Z3 check per undecided side (the reference implementation).</summary>
    Z3,
    /// <summary>Floating-point LPs with exact certificates, Z3 only for uncertified cells (the compiler's default).</summary>
    Certified,
}

/// <summary>Builds either exact enumerator, so one test body covers both.</summary>
internal static class ExactEnumerators
{
    public static IPatternSource Create(
        ExactEnumerator kind, long limit = ArrangementAnalysis.DefaultLimit, Action<long>? progress = null) =>
        kind switch
        {
            ExactEnumerator.Z3 => new Z3ArrangementEnumerator(limit, progress),
            _ => new CertifiedArrangementEnumerator(limit, progress),
        };

    public static ExactCountEstimate Estimate(ExactEnumerator kind, double[,] x) =>
        kind switch
        {
            ExactEnumerator.Z3 => new Z3ArrangementEnumerator().EstimateExactCount(x),
            _ => new CertifiedArrangementEnumerator().EstimateExactCount(x),
        };
}
