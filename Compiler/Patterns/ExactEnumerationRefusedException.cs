namespace ConicDsl.Compiler.Patterns;

/// <summary>Exact enumeration was refused (or stopped) because the region count is, or may be, over the limit.</summary>
public sealed class ExactEnumerationRefusedException : Exception
{
    public ExactEnumerationRefusedException(ExactCountEstimate estimate, string? detail = null)
        : base(detail ?? $"refusing exact enumeration: {estimate}; use sampled patterns or raise the limit")
    {
        Estimate = estimate;
    }

    public ExactCountEstimate Estimate { get; }
}
