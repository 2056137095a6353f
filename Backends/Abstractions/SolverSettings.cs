namespace ConicDsl.Backends;

/// <summary>
/// Settings every backend understands. Defaults: relative tolerance 1e-8 (used for the gap and for the
/// relative primal/dual residuals), at most 200 iterations for interior-point methods, no time limit.
/// Backend-specific options (from <c>solve BACKEND name value …</c>) travel in <see cref="Options"/>.
/// </summary>
public sealed record SolverSettings
{
    public double Tolerance { get; init; } = 1e-8;
    public int? MaxIterations { get; init; }
    public double? TimeLimitSeconds { get; init; }
    public bool Verbose { get; init; }
    public IReadOnlyDictionary<string, double> Options { get; init; } = new Dictionary<string, double>();
    /// <summary>Word-valued options (e.g. <c>solver scip</c>), kept apart so <see cref="Options"/> stays numeric.</summary>
    public IReadOnlyDictionary<string, string> Words { get; init; } = new Dictionary<string, string>();
    /// <summary>Where to start, for backends that implement <see cref="IWarmStartingBackend"/>; others ignore it.</summary>
    public WarmStart? WarmStart { get; init; }
    /// <summary>Told about every iteration by backends that iterate in-process (native); null reports nothing.</summary>
    public IProgress<SolverIteration>? Progress { get; init; }

    public static SolverSettings Default { get; } = new();
}
