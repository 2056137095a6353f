namespace ConicDsl.Backends.Native;

/// <summary>
/// Settings of the native interior-point solver. The user-facing ones come from <see cref="SolverSettings"/>
/// and may be overridden by the solve statement's options (<c>tolerance</c>, <c>max_iters</c>, <c>verbose</c>);
/// the numerical constants below are fixed and follow the usual choices of interior-point codes.
/// </summary>
public sealed record InteriorPointSettings
{
    /// <summary>Relative tolerance on gap and residuals, as <see cref="SolutionCheck"/> defines them; also the
    /// tolerance on the normalized infeasibility certificates.</summary>
    public double Tolerance { get; init; } = 1e-8;
    public int MaxIterations { get; init; } = 200;
    public double? TimeLimitSeconds { get; init; }
    public bool Verbose { get; init; }
    public IProgress<SolverIteration>? Progress { get; init; }

    /// <summary>Fraction of the distance to the cone boundary taken by a step.</summary>
    public double StepFraction { get; init; } = 0.99;
    /// <summary>Steps shorter than this count as a stall.</summary>
    public double MinStep { get; init; } = 1e-10;

    public double StaticRegularization { get; init; } = 1e-8;
    public double ProportionalRegularization { get; init; } = 4.9e-32;
    public double DynamicEpsilon { get; init; } = 1e-13;
    public double DynamicDelta { get; init; } = 2e-7;

    public int RefinementMaxSteps { get; init; } = 10;
    public double RefinementAbsTolerance { get; init; } = 1e-12;
    public double RefinementRelTolerance { get; init; } = 1e-13;
    /// <summary>Refinement stops when a step improves the residual by less than this factor.</summary>
    public double RefinementStopRatio { get; init; } = 5;
    /// <summary>
    /// The relative refinement target is max(RefinementRelTolerance, this · μ): a Newton direction only needs an error
    /// small beside the complementarity it is meant to reduce (inexact interior-point methods), so far from the optimum
    /// one reduced solve usually suffices, while near it (μ → 0) the strict target applies again. On the 24 200-variable
    /// ReLU program of docs/solver.md this removes most refinement steps of the first iterations with the same
    /// iterates to the printed digits.
    /// </summary>
    public double RefinementMuFraction { get; init; } = 1e-6;

    /// <summary>How a PSD block's A_bᵀH⁻¹A_b enters the reduced KKT matrix (<see cref="KktSystem"/>): by default the
    /// cheaper of the two routes for the block's shape; tests force each one.</summary>
    internal PsdAssembly PsdAssembly { get; init; } = PsdAssembly.Cheaper;

    /// <summary>Dense or sparse LDLᵀ of the reduced KKT matrix (<see cref="KktFactorizationChoice"/>); the solve option
    /// <c>kkt</c> (auto, dense or sparse) sets it, and without it the environment variable
    /// <c>CONICDSL_NATIVE_KKT</c> (<c>dense</c> or <c>sparse</c>) does, so a whole test run can force one path.</summary>
    public KktFactorization Factorization { get; init; } = FactorizationFromEnvironment();

    /// <summary>When the method stalls, a point meeting this looser tolerance is reported as Inaccurate rather than a
    /// numerical error.</summary>
    public double ReducedTolerance => Math.Sqrt(Tolerance);

    private static KktFactorization FactorizationFromEnvironment() =>
        Environment.GetEnvironmentVariable("CONICDSL_NATIVE_KKT")?.Trim().ToLowerInvariant() switch
        {
            "dense" => KktFactorization.Dense,
            "sparse" => KktFactorization.Sparse,
            _ => KktFactorization.Auto,
        };

    public static InteriorPointSettings From(SolverSettings settings)
    {
        var o = settings.Options;
        double tol = o.TryGetValue("tolerance", out var t) ? t : settings.Tolerance;
        int iters = o.TryGetValue("max_iters", out var mi) ? (int)mi : settings.MaxIterations ?? 200;
        bool verbose = o.TryGetValue("verbose", out var v) ? v != 0 : settings.Verbose;
        if (!(tol > 0)) throw new ArgumentException($"tolerance must be positive, got {tol}");
        if (iters < 0) throw new ArgumentException($"max_iters must be nonnegative, got {iters}");
        var factorization = FactorizationFromEnvironment();
        if (settings.Words.TryGetValue("kkt", out var kkt))
            factorization = kkt switch
            {
                "auto" => KktFactorization.Auto,
                "dense" => KktFactorization.Dense,
                "sparse" => KktFactorization.Sparse,
                _ => throw new ArgumentException($"kkt must be auto, dense or sparse, got {kkt}"),
            };
        return new InteriorPointSettings
        {
            Factorization = factorization,
            Tolerance = tol,
            MaxIterations = iters,
            TimeLimitSeconds = settings.TimeLimitSeconds,
            Verbose = verbose,
            Progress = settings.Progress,
        };
    }
}

/// <summary>Routes for a PSD block of the reduced KKT matrix (<see cref="KktSystem"/>).</summary>
internal enum PsdAssembly
{
    Cheaper,
    /// <summary>H⁻¹ formed as a symmetric Kronecker product, then multiplied by the sparse A_b.</summary>
    Explicit,
    /// <summary>G = W⁻ᵀA_b column by column, then GᵀG.</summary>
    ByColumns,
}
