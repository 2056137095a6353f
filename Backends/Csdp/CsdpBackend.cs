using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ConicDsl.Conic;
using ConicDsl.Backends.OrTools;
using ConicDsl.Conic.Formats;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Backends.Csdp;

/// <summary>
/// CSDP (Debian's coinor-csdp, the <c>csdp</c> command) run on an SDPA file written by <see cref="SdpaWriter"/>.
/// Our program is CSDP's dual (<c>min aᵀy s.t. Σ y_i A_i − C = Z ⪰ 0</c>, y = our x) and CSDP's primal X maps to
/// our dual y through <see cref="SdpaProblem.RowsFromMatrices"/>. Hence CSDP's "primal infeasible" (exit 1) is our
/// dual infeasibility, reported as <see cref="SolveStatus.Unbounded"/>, and its "dual infeasible" (exit 2) is our
/// <see cref="SolveStatus.Infeasible"/>; both certificates are checked by <see cref="ExternalResults"/>.
/// Second-order cones go through the exact arrow-matrix lift; quadratic objectives are refused.
/// </summary>
public sealed class CsdpBackend : ISolverBackend, IExternalBackend, IVersionProbe, IMemoryEstimating
{
    public MemoryFootprint Estimate(ProgramShape shape) => CsdpFootprint.Estimate(shape);

    private const string InstallHint = "apt-get install coinor-csdp (or run scripts/setup.sh)";
    private const int DefaultMaxIterations = 100;

    private readonly string? _exe;

    public CsdpBackend() : this(FindOnPath("csdp")) { }

    /// <summary>Tests point this at a missing binary or a stand-in script.</summary>
    internal CsdpBackend(string? exe) => _exe = exe;

    public string Name => "csdp";

    public IReadOnlyList<OptionInfo> Options { get; } = new[]
    {
        new OptionInfo("tolerance", OptionKind.PositiveNumber, "the residual check's tolerance (default 1e-8); CSDP's axtol, atytol and objtol get max(tolerance/10, 1e-8) (rerun at max(tolerance/100, 1e-9) if the check rejects the point), or the tolerance itself at 1e-8 and below"),
        new OptionInfo("max_iters", OptionKind.PositiveInteger, $"CSDP's maxiter (default {DefaultMaxIterations})"),
        new OptionInfo("time_limit", OptionKind.PositiveNumber, "seconds before the csdp process is killed (default none)"),
        new OptionInfo("verbose", OptionKind.Flag01, "1 prints CSDP's progress to standard error"),
    };

    public string? Rejects(ConicProgram program) => SdpaWriter.Rejects(program);

    public string? MissingReason() =>
        _exe is not null && File.Exists(_exe) ? null : $"the csdp backend needs the csdp program: {InstallHint}";

    /// <summary>csdp without arguments prints its banner ("CSDP 6.2.0") and its usage.</summary>
    public BackendVersion ProbeVersion()
    {
        if (MissingReason() is { } missing) return new(Name, false, missing);
        var run = ChildProcess.Run(_exe!, Array.Empty<string>(), IVersionProbe.ProbeSeconds, false, CancellationToken.None);
        var banner = Regex.Match(run.Output, @"^CSDP\s+(\S+)", RegexOptions.Multiline);
        return new(Name, true, banner.Success ? $"CSDP {banner.Groups[1].Value} ({_exe})" : $"csdp at {_exe} (no version banner)");
    }

    public SolveResult Solve(ConicProgram program, SolverSettings settings, CancellationToken cancellation = default)
    {
        var template = new SolveResult { Status = SolveStatus.Error, Backend = Name };
        if (Rejects(program) is string why) return template with { Message = $"csdp cannot solve this program: {why}" };
        if (MissingReason() is string missing) return template with { Message = missing };

        // CSDP refuses an empty constraint matrix ("Constraint i is empty", exit 206), i.e. a variable in no row.
        var used = new bool[program.Variables];
        foreach (var (_, col, _) in program.A.Entries()) used[col] = true;
        for (int i = 0; i < used.Length; i++)
        {
            if (used[i] || program.C[i] == 0) continue;
            // Moving x_i against its cost changes no row: a ray of our program, whatever the other variables do.
            var ray = new double[program.Variables];
            ray[i] = -Math.Sign(program.C[i]);
            return ExternalResults.FromCertificate(template, program, settings, SolveStatus.Unbounded, ray, Array.Empty<double>(),
                $"not run: variable {i} is in no constraint row and has cost {program.C[i]}");
        }
        var kept = Enumerable.Range(0, program.Variables).Where(i => used[i]).ToArray();
        if (kept.Length == 0) return template with { Message = "csdp cannot solve this program: no variable appears in a constraint row" };
        var reduced = kept.Length == program.Variables ? program : KeepColumns(program, kept);

        var problem = SdpaWriter.Build(reduced);
        var dir = Path.Combine(Path.GetTempPath(), "conicdsl-csdp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var problemPath = Path.Combine(dir, "problem.dat-s");
            var solutionPath = Path.Combine(dir, "solution.sol");
            File.WriteAllText(problemPath, SdpaWriter.Write(problem, program.ObjectiveConstant));
            int maxIterations = settings.MaxIterations ?? DefaultMaxIterations;
            SolveResult Attempt(double csdpTolerance)
            {
                File.WriteAllText(Path.Combine(dir, "param.csdp"), Parameters(csdpTolerance, maxIterations));
                bool verbose = settings.Verbose || settings.Options.GetValueOrDefault("verbose") == 1;

                var watch = Stopwatch.StartNew();
                var run = ChildProcess.Run(_exe!, new[] { problemPath, solutionPath }, settings.TimeLimitSeconds, verbose, cancellation, dir);
                var attempt = template with
                {
                    SolveTime = watch.Elapsed,
                    SolverVersion = Regex.Match(run.Output, @"^CSDP\s+(\S+)", RegexOptions.Multiline) is { Success: true } v ? v.Groups[1].Value : "",
                    Iterations = Regex.Matches(run.Output, @"^Iter:\s*(\d+)", RegexOptions.Multiline) is { Count: > 0 } its
                        ? int.Parse(its[^1].Groups[1].Value, CultureInfo.InvariantCulture) : 0,
                };

                if (run.StartError is not null)
                    return attempt with { Message = $"the csdp backend could not start {_exe}: {run.StartError}; {InstallHint}" };
                if (run.TimedOut)
                    return attempt with { Status = SolveStatus.TimeLimit, Message = $"csdp was stopped after the time limit of {settings.TimeLimitSeconds} s" };
                if (run.Cancelled)
                    return attempt with { Status = SolveStatus.Interrupted, Message = "interrupted: the solver process was killed and reaped" };
                if (run.ExitCode is < 0 or > 9 || !File.Exists(solutionPath))
                    return attempt with { Message = $"csdp exited with code {run.ExitCode} without a usable solution: {ChildProcess.Tail(run.Output)}" };

                double[] x, y;
                try
                {
                    (x, y) = ReadSolution(File.ReadAllText(solutionPath), problem);
                    if (reduced != program)
                    {
                        // A variable in no row and with no cost can stay at 0: stationarity c_i + (Aᵀy)_i = 0 holds there.
                        var full = new double[program.Variables];
                        for (int k = 0; k < kept.Length; k++) full[kept[k]] = x[k];
                        x = full;
                    }
                }
                catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or IndexOutOfRangeException)
                {
                    return attempt with { Message = $"csdp wrote an unreadable solution file ({e.Message}); exit code {run.ExitCode}" };
                }
                // The reported time includes the refinement of a point that failed the check.
                var interpreted = Interpret(run.ExitCode, program, settings, attempt, x, y, maxIterations, cancellation);
                return interpreted with { SolveTime = watch.Elapsed };
            }

            // CSDP's stopping tests are not the check's, and which CSDP tolerance meets the check depends on the BLAS
            // it runs on (measured on Examples/xor.cnn at tolerance 1e-7: with the reference BLAS a tenth gives a
            // checked gap of 7.6e-8 and a hundredth 2.5e-6; with OpenBLAS a tenth gives 1.0e-7 and a hundredth
            // 2.5e-8). So a rejected point is followed by one rerun at the other setting, and the better-checked
            // result is kept.
            var first = Attempt(CsdpTolerance(settings.Tolerance));
            if (first.Status != SolveStatus.Inaccurate || settings.Tolerance <= 1e-8 || cancellation.IsCancellationRequested)
                return first;
            var second = Attempt(Math.Max(settings.Tolerance / 100, 1e-9));
            var better = second.Status == SolveStatus.Optimal ? second : first;
            return better with
            {
                SolveTime = first.SolveTime + second.SolveTime,
                Message = better.Message + $" (CSDP run twice: at {CsdpTolerance(settings.Tolerance):G2}, then {Math.Max(settings.Tolerance / 100, 1e-9):G2}; the {(ReferenceEquals(better, second) ? "second" : "first")} point is reported)",
            };
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static SolveResult Interpret(int code, ConicProgram program, SolverSettings settings, SolveResult template,
        double[] x, double[] y, int maxIterations, CancellationToken cancellation)
    {
        var s = program.A.Multiply(x);
        for (int i = 0; i < s.Length; i++) s[i] = program.B[i] - s[i];
        return code switch
        {
            0 => Refined(ExternalResults.FromPoint(template, program, settings, x, y, s, SolveStatus.Optimal, "0 (success)"),
                program, settings, x, y, "0 (success)", cancellation),
            // CSDP's primal is our dual: its primal infeasibility certificate (aᵀy = −1, Σ y_i A_i ⪰ 0) is our ray x.
            1 => ExternalResults.FromCertificate(template, program, settings, SolveStatus.Unbounded, x, y,
                "1 (CSDP's primal, our dual, is infeasible)"),
            2 => ExternalResults.FromCertificate(template, program, settings, SolveStatus.Infeasible, x, y,
                "2 (CSDP's dual, our primal, is infeasible)"),
            3 => ExternalResults.FromPoint(template, program, settings, x, y, s, SolveStatus.Inaccurate, "3 (partial success: full accuracy not reached)"),
            4 => ExternalResults.FromPoint(template, program, settings, x, y, s, SolveStatus.IterationLimit, $"4 (maxiter = {maxIterations} reached)"),
            _ => ExternalResults.FromPoint(template, program, settings, x, y, s, SolveStatus.NumericalError, code switch
            {
                5 => "5 (stuck at the edge of primal feasibility)",
                6 => "6 (stuck at the edge of dual feasibility)",
                7 => "7 (lack of progress)",
                8 => "8 (X, Z or the Schur complement became singular)",
                _ => $"{code} (NaN or Inf detected)",
            }),
        };
    }

    /// <summary>
    /// CSDP said success but its point fails the check: on Examples/xor.cnn (second-order cones as arrow blocks, no
    /// PSD cone of ours) its x is accurate (primal residual 2e-12) while its X, our dual, leaves a gap of 7.6e-8,
    /// and neither a tighter objtol nor perturbobj 0 changes that (measured). Without PSD cones the point goes through
    /// <see cref="PointRefinement"/>: the dual rebuilt with exact cones at CSDP's x, then Newton polish on faces read
    /// off it; the check decides as always, on CSDP's x or its polish, never on another solver's point.
    /// </summary>
    private static SolveResult Refined(SolveResult first, ConicProgram program, SolverSettings settings, double[] x, double[] y, string said,
        CancellationToken cancellation)
    {
        if (first.Status != SolveStatus.Inaccurate || program.Cones.HasPsd || program.Cones.HasExponential) return first;
        var refined = PointRefinement.Refine(program, x, y, RefinementActivity, settings.Tolerance, cancellation);
        if (PointRefinement.Score(program, refined.X, refined.Y) >= PointRefinement.Score(program, x, y)) return first;
        var s = program.A.Multiply(refined.X);
        for (int i = 0; i < s.Length; i++) s[i] = program.B[i] - s[i];
        var again = ExternalResults.FromPoint(first, program, settings, refined.X, refined.Y, s, SolveStatus.Optimal, said);
        return again with { Message = $"{again.Message}; CSDP's point failed the check (primal {first.PrimalResidual:G3}, dual {first.DualResidual:G3}, gap {first.Gap:G3}){refined.Note}" };
    }

    /// <summary>An interior point's active slacks are of the order of its complementarity gap; 1e-7 relative to the data.</summary>
    private const double RefinementActivity = 1e-7;

    /// <summary>
    /// The tolerance handed to CSDP. Its stopping tests (2-norms, the tr(XZ) gap, on the lifted problem) are not
    /// <see cref="SolutionCheck"/>'s (∞-norms, the objective gap, on ours): on Examples/xor.cnn CSDP's 1e-8 gives a
    /// checked gap of 7.6e-8 (reference BLAS). So CSDP's first run gets a tenth of the check's tolerance, but nothing
    /// tighter than its default 1e-8, unless the caller's tolerance is itself tighter; see the rerun in Solve.
    /// </summary>
    internal static double CsdpTolerance(double tolerance) =>
        tolerance <= 1e-8 ? tolerance : Math.Max(tolerance / 10, 1e-8);

    /// <summary>
    /// CSDP's solution file: CSDP's y (our x) as its first numbers, then "matno block i j value" entries with i ≤ j,
    /// matno 1 for Z (SDPA's X, our L(s)) and 2 for X (SDPA's Y, whose adjoint image is our dual y).
    /// </summary>
    internal static (double[] X, double[] Y) ReadSolution(string text, SdpaProblem problem)
    {
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        int n = problem.Variables;
        if (tokens.Length < n || (tokens.Length - n) % 5 != 0)
            throw new FormatException($"{tokens.Length} numbers do not make {n} values followed by 5-number entries");
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = double.Parse(tokens[i], NumberStyles.Float, CultureInfo.InvariantCulture);
        var dual = new List<SdpaEntry>();
        for (int t = n; t < tokens.Length; t += 5)
        {
            int matrix = int.Parse(tokens[t], CultureInfo.InvariantCulture);
            if (matrix != 2) continue;
            dual.Add(new SdpaEntry(matrix,
                int.Parse(tokens[t + 1], CultureInfo.InvariantCulture),
                int.Parse(tokens[t + 2], CultureInfo.InvariantCulture),
                int.Parse(tokens[t + 3], CultureInfo.InvariantCulture),
                double.Parse(tokens[t + 4], NumberStyles.Float, CultureInfo.InvariantCulture)));
        }
        return (x, problem.RowsFromMatrices(dual));
    }

    /// <summary>
    /// param.csdp with every parameter, in CSDP's documented order (it reads the file positionally in older
    /// releases); only the tolerances, maxiter and printlevel differ from CSDP's defaults.
    /// </summary>
    internal static string Parameters(double tolerance, int maxIterations)
    {
        string tol = tolerance.ToString("E3", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        foreach (var line in new[]
        {
            $"axtol={tol}", $"atytol={tol}", $"objtol={tol}", "pinftol=1.0e8", "dinftol=1.0e8",
            $"maxiter={maxIterations.ToString(CultureInfo.InvariantCulture)}", "minstepfrac=0.90", "maxstepfrac=0.97",
            "minstepp=1.0e-8", "minstepd=1.0e-8", "usexzgap=1", "tweakgap=0", "affine=0",
            // printlevel 1 prints the "Iter:" lines that the iteration count is read from.
            "printlevel=1", "perturbobj=1", "fastmode=0",
        })
            sb.Append(line).Append('\n');
        return sb.ToString();
    }

    private static ConicProgram KeepColumns(ConicProgram program, int[] kept)
    {
        var newIndex = new int[program.Variables];
        Array.Fill(newIndex, -1);
        for (int k = 0; k < kept.Length; k++) newIndex[kept[k]] = k;
        var a = SparseMatrix.FromTriplets(program.Constraints, kept.Length,
            program.A.Entries().Select(e => (e.Row, newIndex[e.Column], e.Value)));
        return new ConicProgram(a, program.B, kept.Select(i => program.C[i]).ToImmutableArray(), null,
            program.ObjectiveConstant, program.Cones, ImmutableArray<Block>.Empty, program.RowBlocks);
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
