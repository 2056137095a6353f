using System.Collections.Immutable;
using System.Globalization;
using ConicDsl.Conic;
using ConicDsl.Dsl.Semantics;
using MbStatus = Google.OrTools.ModelBuilder.SolveStatus;

namespace ConicDsl.Backends.OrTools;

/// <summary>
/// Google OR-Tools (NuGet Google.OrTools, in-process native library) through its ModelBuilder solvers. OR-Tools
/// has no cone constraints, so the program is lowered (<see cref="MpLowering"/>): LPs go to GLOP, PDLP or HiGHS;
/// second-order cones become quadratic constraints for SCIP; ½xᵀPx goes to SCIP, or to PDLP when P is diagonal.
/// GLOP and HiGHS would silently drop a quadratic objective, so such programs are refused for them; PSD cones are
/// refused for every solver.
/// <para>
/// Duals: OR-Tools' row dual is ∂objective/∂(row bound), which is −y in ConicDsl's convention (c + Aᵀy = 0, y ∈ K*).
/// SCIP is a branch-and-bound solver and returns no duals; then (and whenever a returned dual fails the check)
/// <see cref="DualRecovery"/> rebuilds y from the active constraints. The point is reported optimal only when
/// <see cref="SolutionCheck"/> accepts it; otherwise the message says what is known (e.g. the primal objective).
/// </para>
/// </summary>
public sealed class OrToolsBackend : ISolverBackend, IExternalBackend, IVersionProbe
{
    public static readonly IReadOnlyList<string> Solvers = new[] { "scip", "pdlp", "glop", "highs" };

    public string Name => "ortools";

    public IReadOnlyList<OptionInfo> Options { get; } = new[]
    {
        new OptionInfo("solver", OptionKind.Word, "OR-Tools solver: scip (SOCPs, QPs), pdlp (LPs, QPs with diagonal P), glop or highs (LPs); default scip when the program has cones or a non-diagonal P, pdlp for a diagonal P, else glop", Solvers),
        new OptionInfo("tolerance", OptionKind.PositiveNumber, "residual check tolerance (default 1e-8); also PDLP's optimality tolerance and a bound on SCIP's feasibility tolerance"),
        new OptionInfo("max_iters", OptionKind.PositiveInteger, "iteration limit for GLOP (simplex) and PDLP; ignored by SCIP and HiGHS"),
        new OptionInfo("time_limit", OptionKind.PositiveNumber, "seconds before the solver stops (default none)"),
        new OptionInfo("verbose", OptionKind.Flag01, "1 prints the solver's log"),
    };

    public string? MissingReason()
    {
        try
        {
            _ = Google.OrTools.Init.OrToolsVersion.VersionString();
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException)
        {
            return $"the OR-Tools native library could not be loaded ({e.GetBaseException().Message}); the Google.OrTools NuGet package ships it for linux-x64, linux-arm64, osx and win-x64 only";
        }
    }

    public BackendVersion ProbeVersion() => MissingReason() is { } missing
        ? new(Name, false, missing)
        : new(Name, true, Version("scip"));

    public string? Rejects(ConicProgram program) =>
        program.Cones.HasPsd
            ? "OR-Tools has no semidefinite constraints; use the scs backend (or export CBF) for programs with PSD cones"
            : program.Cones.HasExponential ? NoExponentialCone : null;

    private const string NoExponentialCone =
        "OR-Tools has no exponential cone; use the native or scs backend for programs with exponential cones (e.g. loss logistic)";

    /// <summary>The solver used when the model names none.</summary>
    public static string DefaultSolver(ConicProgram program) =>
        program.Cones.SecondOrder.Length > 0 ? "scip"
        : program.HasQuadraticObjective ? (MpLowering.IsDiagonal(program.P) ? "pdlp" : "scip")
        : "glop";

    /// <summary>Null when <paramref name="solver"/> can take the program, else why not and which solver can.</summary>
    public static string? RejectsFor(ConicProgram program, string solver)
    {
        if (program.Cones.HasPsd)
            return "OR-Tools has no semidefinite constraints; use the scs backend (or export CBF) for programs with PSD cones";
        if (program.Cones.HasExponential) return NoExponentialCone;
        bool soc = program.Cones.SecondOrder.Length > 0, quad = program.HasQuadraticObjective;
        return solver switch
        {
            "scip" => null,
            "pdlp" when soc => "PDLP takes no second-order cones; use solver scip",
            "pdlp" when quad && !MpLowering.IsDiagonal(program.P) => "PDLP takes only a diagonal quadratic objective; use solver scip",
            "pdlp" => null,
            "glop" or "highs" when soc => $"{solver.ToUpperInvariant()} is a linear solver and takes no second-order cones; use solver scip",
            "glop" or "highs" when quad => $"{solver.ToUpperInvariant()} would silently drop the quadratic objective; use solver scip" +
                                           (MpLowering.IsDiagonal(program.P) ? " or pdlp" : ""),
            "glop" or "highs" => null,
            _ => $"unknown OR-Tools solver '{solver}'; choose one of {string.Join(", ", Solvers)}",
        };
    }

    public SolveResult Solve(ConicProgram program, SolverSettings settings, CancellationToken cancellation = default)
    {
        var template = new SolveResult { Status = SolveStatus.Error, Backend = Name };
        if (MissingReason() is string missing) return template with { Message = missing };
        string solver = settings.Words.TryGetValue("solver", out var w) ? w.ToLowerInvariant() : DefaultSolver(program);
        if (RejectsFor(program, solver) is string why) return template with { Message = why };
        template = template with { SolverVersion = Version(solver) };
        bool defaultBudget = settings.TimeLimitSeconds is null && TimeBudget(solver, program, settings) is not null;
        if (defaultBudget) settings = settings with { TimeLimitSeconds = DefaultScipSeconds };

        NativeOutcome outcome;
        try
        {
            outcome = Run(program, solver, settings, cancellation);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            return template with { Message = e.Message };
        }
        template = template with { SolveTime = outcome.Elapsed };
        bool timeUp = settings.TimeLimitSeconds is double limit && outcome.Elapsed.TotalSeconds >= 0.98 * limit;
        string said = (defaultBudget && timeUp ? $"SCIP stopped by its default limit of {DefaultScipSeconds} s on a cone program (--time-limit changes it); " : "") +
                      $"{solver.ToUpperInvariant()} status {outcome.Status}" + (string.IsNullOrEmpty(outcome.StatusText) ? "" : $" ({outcome.StatusText})");

        switch (outcome.Status)
        {
            case MbStatus.OPTIMAL or MbStatus.FEASIBLE when outcome.Values is not null:
            {
                var stopped = outcome.Status == MbStatus.OPTIMAL ? SolveStatus.Optimal
                    : timeUp ? SolveStatus.TimeLimit
                    : settings.MaxIterations is not null ? SolveStatus.IterationLimit : SolveStatus.Inaccurate;
                // The reported time includes the dual rebuild and polish, which can cost more than SCIP itself.
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var result = FromPoint(template, program, settings, solver, outcome, stopped, said, cancellation);
                var solverTime = outcome.Elapsed;
                if (result.Status != SolveStatus.Optimal && solver == "scip" && outcome.Status == MbStatus.OPTIMAL
                    && !cancellation.IsCancellationRequested
                    // The rerun has its own safety net of DefaultScipSeconds unless the caller set a limit, which
                    // then bounds both runs together (the checking between them included).
                    && (defaultBudget ? DefaultScipSeconds : (settings.TimeLimitSeconds ?? DefaultScipSeconds) - (solverTime + clock.Elapsed).TotalSeconds) is var left
                    && left >= 1)
                {
                    var tight = RunWith(program, solver, settings with { TimeLimitSeconds = left }, ScipTightParameters, cancellation);
                    solverTime += tight.Elapsed;
                    if (tight.Status == MbStatus.OPTIMAL && tight.Values is not null)
                    {
                        var again = FromPoint(template, program, settings, solver, tight, SolveStatus.Optimal,
                            $"{said}; rerun with SCIP's tight numerics: status {tight.Status}", cancellation);
                        if (again.Status == SolveStatus.Optimal) result = again;
                        else result = result with { Message = $"{result.Message}; a rerun with SCIP's tight numerics was not certified either ({again.Message})" };
                    }
                    else result = result with { Message = $"{result.Message}; a rerun with SCIP's tight numerics ended with status {tight.Status}" };
                }
                var checking = clock.Elapsed - (solverTime - outcome.Elapsed);
                return result with
                {
                    SolveTime = solverTime + checking,
                    Message = $"{result.Message} ({solver.ToUpperInvariant()} {solverTime.TotalSeconds:F2} s, checking and rebuilding {checking.TotalSeconds:F2} s)",
                };
            }
            case MbStatus.INFEASIBLE or MbStatus.UNBOUNDED:
                return FromClaim(template, program, settings, outcome.Status, said, cancellation);
            case MbStatus.CANCELLED_BY_USER:
                return template with { Status = SolveStatus.Interrupted, Message = "interrupted" };
            case MbStatus.MODEL_INVALID or MbStatus.INVALID_SOLVER_PARAMETERS or MbStatus.SOLVER_TYPE_UNAVAILABLE or MbStatus.INCOMPATIBLE_OPTIONS:
                return template with { Message = said };
            default:
                // PDLP in particular ends with NOT_SOLVED/UNKNOWN on limits or numerical trouble: never optimal.
                return template with
                {
                    Status = timeUp ? SolveStatus.TimeLimit
                        : settings.MaxIterations is not null ? SolveStatus.IterationLimit
                        : SolveStatus.NumericalError,
                    Message = $"{said}: no solution" + (timeUp ? $" within the time limit of {settings.TimeLimitSeconds} s" : ""),
                };
        }
    }

    private static NativeOutcome Run(ConicProgram program, string solver, SolverSettings settings, CancellationToken cancellation) =>
        RunWith(program, solver, settings, Parameters(solver, settings), cancellation);

    private static NativeOutcome RunWith(ConicProgram program, string solver, SolverSettings settings, string? parameters,
        CancellationToken cancellation)
    {
        var model = MpLowering.Build(program);
        bool verbose = settings.Verbose || settings.Options.GetValueOrDefault("verbose") == 1;
        bool lpDuals = solver is "glop" or "pdlp" or "highs";
        return NativeRun.Solve(model, solver, settings.TimeLimitSeconds, verbose, parameters, lpDuals, cancellation);
    }

    /// <summary>
    /// SCIP is a spatial branch-and-bound solver running in-process; with <see cref="ScipParameters"/> it proves
    /// optimality on the cone programs we produce in well under a second, but a program whose cones it fails to
    /// recognise as convex would have it branch without end. So a cone program without a time limit still gets this
    /// safety net; the residual check, not SCIP, then decides the status.
    /// </summary>
    public const double DefaultScipSeconds = 10;

    private static double? TimeBudget(string solver, ConicProgram program, SolverSettings settings) =>
        settings.TimeLimitSeconds ?? (solver == "scip" && program.Cones.SecondOrder.Length > 0 ? DefaultScipSeconds : null);

    /// <summary>Solver-specific parameter text (GLOP and PDLP take protobuf text format, SCIP its own "name = value").</summary>
    private static string? Parameters(string solver, SolverSettings settings)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        int? iters = settings.MaxIterations;
        switch (solver)
        {
            case "glop":
                return iters is int g ? $"max_number_of_iterations: {g}" : null;
            case "pdlp":
            {
                // PDLP's default stopping tolerance (1e-6 relative) is looser than the check's, so ask for the check's.
                double tol = Math.Min(settings.Tolerance, 1e-6);
                var text = $"termination_criteria {{ simple_optimality_criteria {{ eps_optimal_absolute: {F(tol)} eps_optimal_relative: {F(tol)} }}";
                if (iters is int p) text += $" iteration_limit: {p}";
                return text + " }";
            }
            case "scip":
                return ScipParameters(settings.Tolerance);
            default:
                return null;
        }
    }

    /// <summary>
    /// SCIP's settings for a cone program. The SCIP inside the OR-Tools package is built without Ipopt and LAPACK, which
    /// shapes both:
    /// <list type="bullet">
    /// <item><c>expr/pow/expandmaxexponent = 1</c>: presolve substitutes the cone's auxiliary variables (and variables
    /// fixed by equalities) into ‖u_z‖² − u_t² ≤ 0; by default SCIP then expands each (affine)² into a quadratic with
    /// cross terms, and recognising that as a cone (nlhdlr_soc) or as convex needs eigenvalues, i.e. LAPACK. Unrecognised,
    /// the cone is treated as nonconvex and SCIP branches spatially on the unbounded u_t with a dual bound stuck at 0
    /// (min ‖x‖ s.t. aᵀx = 1: dual bound still 0 after 15 s). Kept as squares of affine expressions, the cone is detected and the
    /// same program is solved to optimality in 0.01 s.</item>
    /// <item><c>numerics/feastol</c> = the tolerance, but not below 1e-8: at 1e-9 it equals SCIP's numerics/epsilon, no
    /// LP point of the outer approximation is ever accepted as feasible and there is no NLP heuristic to polish one, so on
    /// the compiled examples the primal bound stalled (spline1d: time_limit at 60 s); at 1e-8 they are solved to proven
    /// optimality in under a second. The residual check (after dual rebuild and polish) still decides the status.</item>
    /// </list>
    /// </summary>
    internal static string ScipParameters(double tolerance)
    {
        string feastol = Math.Clamp(tolerance, ScipMinFeasibilityTolerance, 1e-6).ToString("R", CultureInfo.InvariantCulture);
        return $"numerics/feastol = {feastol}\nexpr/pow/expandmaxexponent = 1";
    }

    /// <summary>
    /// SCIP's settings for a second run when its first point could not be certified: numerics/epsilon 1e-12 (from
    /// 1e-9), numerics/sumepsilon 1e-10 (from 1e-6) and feastol 1e-10. SCIP's cone constraint ‖s_z‖² − s_t² ≤ feastol
    /// lets a small block sit outside its cone by feastol/(2s_t), and at feastol 1e-8 SCIP's point on
    /// Examples/rises_cnn.cnn uses that slack on a block the optimum does not use, so no face read off the point is
    /// the optimal one; with these settings SCIP returns a point within 1e-8 of the cone (1.8 s instead of 0.7 s) whose
    /// face polishes to the optimum. Not the first run's settings: on Examples/signals_circular.cnn SCIP then finds
    /// no point better than the trivial one within 20 s (measured), where the default settings take 0.5 s.
    /// </summary>
    internal const string ScipTightParameters =
        "numerics/epsilon = 1e-12\nnumerics/sumepsilon = 1e-10\nnumerics/feastol = 1e-10\nexpr/pow/expandmaxexponent = 1";

    /// <summary>Ten times SCIP's numerics/epsilon (1e-9); see <see cref="ScipParameters"/>.</summary>
    internal const double ScipMinFeasibilityTolerance = 1e-8;

    private SolveResult FromPoint(SolveResult template, ConicProgram program, SolverSettings settings, string solver,
        NativeOutcome outcome, SolveStatus stopped, string said, CancellationToken cancellation)
    {
        int n = program.Variables, m = program.Constraints;
        var x = outcome.Values!.Take(n).ToArray();
        double[]? y = null;
        string source;
        if (outcome.Duals is not null && outcome.Duals.Length >= m)
        {
            y = outcome.Duals.Take(m).Select(d => -d).ToArray();
            source = $"dual from {solver.ToUpperInvariant()}";
        }
        else source = "";

        // Active constraints are those within the solver's own feasibility accuracy of their bound: SCIP's point is
        // accurate to about the square root of the tolerance, but never trusted looser than 1e-7 relative to the data.
        double active = Math.Max(1e-7, Math.Sqrt(settings.Tolerance));
        if (y is null || !SolutionCheck.Compute(program, x, y).Within(settings.Tolerance))
        {
            var recovered = DualRecovery.Recover(program, x, active, cancellation);
            if (recovered is not null && (y is null || Score(program, x, recovered) < Score(program, x, y)))
            {
                source = (y is null ? $"no dual from {solver.ToUpperInvariant()}" : $"{solver.ToUpperInvariant()}'s dual failed the check")
                         + "; dual rebuilt from the active constraints";
                y = recovered;
            }
        }

        if (y is not null && !SolutionCheck.Compute(program, x, y).Within(settings.Tolerance))
        {
            var refined = PointRefinement.Refine(program, x, y, active, settings.Tolerance, cancellation);
            (x, y) = (refined.X, refined.Y);
            source += refined.Note;
        }

        if (y is null)
        {
            var check = SolutionCheck.Compute(program, x, new double[m]);
            return template with
            {
                Status = stopped == SolveStatus.Optimal ? SolveStatus.Inaccurate : stopped,
                X = x.ToImmutableArray(),
                PrimalObjective = check.PrimalObjective,
                PrimalResidual = check.PrimalResidual,
                Message = $"{said}; no dual available from {solver.ToUpperInvariant()} and none could be rebuilt; " +
                          $"primal point with objective {check.PrimalObjective:G10} and primal residual {check.PrimalResidual:G3}, optimality not verified",
            };
        }
        var s = program.A.Multiply(x).Select((v, i) => program.B[i] - v).ToArray();
        var result = ExternalResults.FromPoint(template, program, settings, x, y, s, stopped, said);
        return result with
        {
            Message = $"{result.Message} (primal {result.PrimalResidual:G3}, dual {result.DualResidual:G3}, gap {result.Gap:G3}); {source}",
        };
    }

    private static double Score(ConicProgram program, double[] x, double[] y) => PointRefinement.Score(program, x, y);

    /// <summary>
    /// OR-Tools says infeasible or unbounded but hands back no ray, and GLOP says INFEASIBLE for "infeasible or
    /// unbounded". So both certificate programs are tried, the claimed one first, and only a checked one is reported.
    /// </summary>
    private SolveResult FromClaim(SolveResult template, ConicProgram program, SolverSettings settings, MbStatus claimed,
        string said, CancellationToken cancellation)
    {
        var order = claimed == MbStatus.INFEASIBLE
            ? new[] { SolveStatus.Infeasible, SolveStatus.Unbounded }
            : new[] { SolveStatus.Unbounded, SolveStatus.Infeasible };
        foreach (var kind in order)
        {
            var cert = kind == SolveStatus.Infeasible ? CertificatePrograms.Infeasibility(program) : CertificatePrograms.Unboundedness(program);
            NativeOutcome found;
            try
            {
                var certSettings = settings with { MaxIterations = null, Words = new Dictionary<string, string>() };
                found = Run(cert, DefaultSolver(cert), certSettings, cancellation);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                continue;
            }
            if (found.Values is null || found.Status is not (MbStatus.OPTIMAL or MbStatus.FEASIBLE)) continue;
            var v = found.Values.Take(cert.Variables).ToArray();
            var r = ExternalResults.FromCertificate(template, program, settings, kind,
                kind == SolveStatus.Unbounded ? v : Array.Empty<double>(),
                kind == SolveStatus.Infeasible ? v : Array.Empty<double>(), said);
            if (r.Status == kind)
                return r with { Message = $"{r.Message}; the certificate was computed by ConicDsl from an auxiliary {DefaultSolver(cert).ToUpperInvariant()} solve" };
        }
        return template with
        {
            Status = SolveStatus.Inaccurate,
            Message = $"{said}, but no infeasibility or unboundedness certificate could be constructed to confirm it",
        };
    }

    private static string Version(string solver)
    {
        string ortools = "OR-Tools " + Google.OrTools.Init.OrToolsVersion.VersionString();
        string inner = solver switch
        {
            "scip" => SolverVersionOf("SCIP") ?? "SCIP",
            "glop" => "GLOP",
            "pdlp" => "PDLP",
            "highs" => "HiGHS",
            _ => solver,
        };
        return $"{ortools} ({inner})";
    }

    private static string? SolverVersionOf(string id)
    {
        using var s = Google.OrTools.LinearSolver.Solver.CreateSolver(id);
        return s?.SolverVersion();
    }
}
