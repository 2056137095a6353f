using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConicDsl.Conic;
using ConicDsl.Conic.Formats;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Backends.Scs;

/// <summary>
/// SCS 3 (the npm package scs-solver, SCS compiled to WebAssembly) run by Node.js through scs_runner.js.
/// SCS's problem form is exactly the standard form (exponential cones included), so nothing is translated. SCS is a first-order method, and
/// this build has no Anderson acceleration (no LAPACK), so it converges linearly and slowly on the compiled
/// examples: 1e-6 within 100 000 iterations, not 1e-8 (docs/backends.md). A point that fails ConicDsl's residual
/// check is reported <see cref="SolveStatus.Inaccurate"/> (or as the limit that stopped it), after SCS has been
/// rerun from it with a tighter eps when it had claimed it solved.
/// </summary>
public sealed class ScsBackend : ISolverBackend, IExternalBackend, IWarmStartingBackend, IVersionProbe
{
    private static string InstallHint =>
        $"install Node.js (apt-get install nodejs npm), then in a source checkout run scripts/setup.sh (npm ci in Backends/Scs); for the installed tool run: {UserInstallCommand}";
    private const string RunnerName = "scs_runner.js";
    private const int DefaultMaxIters = 400_000;
    /// <summary>Iterations the shifted program gets before SCS goes on with the program unchanged.</summary>
    private const int ShiftedShare = 100_000;
    /// <summary>How many times eps is divided by 10 when SCS claims a point the residual check rejects.</summary>
    private const int TighteningRounds = 3;
    /// <summary>
    /// Over-relaxation 1.8 instead of SCS's 1.5: measured on the four examples (docs/backends.md) it needs 5–15 %
    /// fewer iterations for the same check, and it is what lets rises_cnn pass at tolerance 1e-6 within 100 000.
    /// </summary>
    private const double DefaultAlpha = 1.8;

    private readonly string _node;
    private readonly string? _solverDir;

    /// <summary>Uses node from PATH, or the executable named by the CONICDSL_NODE environment variable.</summary>
    public ScsBackend() : this(Environment.GetEnvironmentVariable("CONICDSL_NODE") is { Length: > 0 } n ? n : "node", null) { }

    /// <summary>Tests point this at a missing executable or a missing package folder.</summary>
    internal ScsBackend(string node, string? solverDir)
    {
        _node = node;
        _solverDir = solverDir;
    }

    public string Name => "scs";

    public IReadOnlyList<OptionInfo> Options { get; } = new[]
    {
        new OptionInfo("tolerance", OptionKind.PositiveNumber, "SCS's eps_abs and eps_rel, and the residual check's tolerance (default 1e-8)"),
        new OptionInfo("max_iters", OptionKind.PositiveInteger, "iteration limit, all runs together (default 400000)"),
        new OptionInfo("time_limit", OptionKind.PositiveNumber, "seconds SCS may run (default none)"),
        new OptionInfo("eps_infeas", OptionKind.PositiveNumber, "tolerance of SCS's infeasibility certificates (default 1e-7)"),
        new OptionInfo("alpha", OptionKind.PositiveNumber, "SCS's Douglas–Rachford relaxation parameter, in (0, 2) (default 1.8; SCS's own default is 1.5)"),
        new OptionInfo("shift", OptionKind.Flag01, "1 (default) moves the squared-loss predictions to their quadratic's minimiser before SCS (exactly undone), for the first 100000 iterations; 0 passes the program unchanged"),
        new OptionInfo("verbose", OptionKind.Flag01, "1 prints SCS's log to standard error"),
    };

    // Checked: the scs-solver build answers any PSD cone with "Cannot solve SDPs without linked blas+lapack".
    public string? Rejects(ConicProgram program) =>
        program.Cones.HasPsd
            ? "the SCS backend (scs-solver, a WebAssembly build without BLAS/LAPACK) cannot solve PSD cones; write the program with 'compile --format cbf' for an SDP solver"
            : null;

    /// <summary>What the runner receives: the scs-json file (`compile --format scs-json` shows it before <see cref="Shift"/>).</summary>
    internal static string ProgramFile(ConicProgram program) => ScsJsonFormat.Write(program);

    private string? Runner() =>
        ChildProcess.FindUpwards(Path.Combine("Backends", "Scs", RunnerName))
        ?? ChildProcess.FindUpwards(Path.Combine("backends", "scs", RunnerName));

    private string? SolverDir()
    {
        if (_solverDir is not null) return Directory.Exists(_solverDir) ? _solverDir : null;
        return ChildProcess.FindUpwards(Path.Combine("Backends", "Scs", "node_modules", "scs-solver", "dist"))
                   is string dist ? Path.GetDirectoryName(dist)
               : ChildProcess.FindUpwards(Path.Combine("backends", "scs", "node_modules", "scs-solver", "dist"))
                   is string dist2 ? Path.GetDirectoryName(dist2)
               : Directory.Exists(Path.Combine(UserSolverDir, "dist")) ? UserSolverDir : null;
    }

    /// <summary>Where an installed tool (dotnet tool install) finds scs-solver: npm packages cannot travel in a NuGet
    /// package, so the user installs it once with <see cref="UserInstallCommand"/> (docs/install.md).</summary>
    public static string UserSolverDir => Path.Combine(UserPrefix, "node_modules", "scs-solver");

    private static string UserPrefix => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "conicdsl", "scs");

    public static string UserInstallCommand => $"npm install --prefix {UserPrefix} scs-solver@1.0.2";

    public string? MissingReason()
    {
        var probe = ChildProcess.Run(_node, new[] { "--version" }, 30, false, CancellationToken.None);
        if (probe.StartError is not null || probe.ExitCode != 0) return $"the SCS backend needs Node.js ('{_node}' could not be run): {InstallHint}";
        if (Runner() is null) return $"the SCS runner script {RunnerName} is missing from the installation";
        if (SolverDir() is null) return $"the npm package scs-solver is not installed: {InstallHint}";
        return null;
    }

    /// <summary>The npm package's version from its package.json, and Node.js's from node --version.</summary>
    public BackendVersion ProbeVersion()
    {
        if (MissingReason() is { } missing) return new(Name, false, missing);
        var node = ChildProcess.Run(_node, new[] { "--version" }, IVersionProbe.ProbeSeconds, false, CancellationToken.None);
        string package = "unknown";
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(SolverDir()!, "package.json")));
            if (json.RootElement.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String) package = v.GetString()!;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            package = $"unknown ({e.Message})";
        }
        return new(Name, true, $"scs-solver {package} (Node.js {node.Output.Trim()})");
    }

    public SolveResult Solve(ConicProgram program, SolverSettings settings, CancellationToken cancellation = default)
    {
        var template = new SolveResult { Status = SolveStatus.Error, Backend = Name };
        var runner = Runner();
        var solverDir = SolverDir();
        if (runner is null) return template with { Message = $"the SCS runner script {RunnerName} is missing from the installation" };
        if (solverDir is null) return template with { Message = $"the SCS backend is not installed (npm package scs-solver missing): {InstallHint}" };

        var dir = Path.Combine(Path.GetTempPath(), "conicdsl-scs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var programPath = Path.Combine(dir, "program.json");
            var settingsPath = Path.Combine(dir, "settings.json");
            var resultPath = Path.Combine(dir, "result.json");
            bool shiftAsked = settings.Options.GetValueOrDefault("shift", 1) == 1;
            var (shifted, shift) = shiftAsked ? Shift(program) : (program, new double[program.Variables]);
            // Shifted first where the shift applies; if that phase ends at its share of the iterations unsolved, SCS
            // goes on with the program unchanged from the same point (measured: the shift takes spline1d and
            // signals_circular to 1e-8 in 35–46 thousand iterations, but stalls rises_cnn near 1e-5, which reaches
            // 1e-8 unshifted in 122 500; docs/backends.md).
            var phases = ReferenceEquals(shifted, program)
                ? new[] { (Program: program, X0: shift) }
                : new[] { (Program: shifted, X0: shift), (Program: program, X0: new double[program.Variables]) };
            bool verbose = settings.Verbose || settings.Options.GetValueOrDefault("verbose") == 1;
            int budget = settings.MaxIterations ?? DefaultMaxIters;
            var clock = Stopwatch.StartNew();

            // SCS stops on its own residual test (relative to max(‖Ax‖, ‖s‖, ‖b‖) and its objectives), which is
            // looser than ConicDsl's check (relative to 1 + ‖b‖, 1 + ‖c‖). When SCS says "solved" at eps but the
            // point fails the check, SCS is run again from that point (warm start, which also restarts its
            // adaptive scale) with eps ten times smaller, in the same iteration budget and time limit.
            int used = 0;
            SolveResult? result = null;
            // A caller's start (a regularization path's previous β) is given in the original x; SCS works on x' = x − x0.
            double[]? startX = settings.WarmStart is { } start && start.Fits(program) ? start.X.ToArray() : null;
            JsonNode? startY = startX is null ? null : new JsonArray(settings.WarmStart!.Y.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            JsonNode? startS = startX is null ? null : new JsonArray(settings.WarmStart!.S.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            double lastEps = settings.Tolerance;
            int runs = 0;
            string phaseNote = "";
            for (int phase = 0; phase < phases.Length; phase++)
            {
                var (phaseProgram, x0) = phases[phase];
                File.WriteAllText(programPath, ProgramFile(phaseProgram));
                bool lastPhase = phase == phases.Length - 1;
                int phaseEnd = lastPhase ? budget : Math.Min(budget, ShiftedShare);
                JsonObject? warm = startX is null ? null : new JsonObject
                {
                    ["x"] = new JsonArray(startX.Select((v, i) => (JsonNode?)JsonValue.Create(v - x0[i])).ToArray()),
                    ["y"] = startY!.DeepClone(),
                    ["s"] = startS!.DeepClone(),
                };
                double eps = settings.Tolerance;
                bool claimedSolved = false;
                JsonNode? last = null;
                for (int round = 0; round <= TighteningRounds; round++, eps /= 10)
                {
                    double? remaining = settings.TimeLimitSeconds is double t0 ? t0 - clock.Elapsed.TotalSeconds : null;
                    if (phaseEnd - used <= 0 || remaining is <= 0) break;
                    var opts = new JsonObject
                    {
                        ["eps_abs"] = eps,
                        ["eps_rel"] = eps,
                        ["max_iters"] = phaseEnd - used,
                        ["verbose"] = verbose,
                    };
                    if (settings.Options.TryGetValue("eps_infeas", out var epsInfeas)) opts["eps_infeas"] = epsInfeas;
                    opts["alpha"] = settings.Options.TryGetValue("alpha", out var alpha) ? alpha : DefaultAlpha;
                    if (remaining is double limit) opts["time_limit"] = limit;
                    if (warm is not null) opts["warm_start"] = warm;
                    File.WriteAllText(settingsPath, opts.ToJsonString());
                    if (File.Exists(resultPath)) File.Delete(resultPath);

                    // SCS stops itself at the time limit and still returns its last iterate; the kill is the backstop
                    // for time spent outside SCS's loop (Node start-up, parsing, setup factorization), with a grace.
                    double? kill = remaining is double r ? r * 1.1 + 1.0 : null;
                    var bridge = JsonBridge.Run("SCS", _node, new[] { runner, solverDir, programPath, settingsPath, resultPath },
                        kill, remaining, verbose, cancellation, resultPath, template, InstallHint);
                    if (bridge.Failure is { } failed) return result ?? failed with { SolveTime = clock.Elapsed };
                    var current = Interpret(bridge.Result, program, settings, bridge.Template, bridge.Run, x0);
                    runs++;
                    used += current.Iterations;
                    result = current with { Iterations = used, SolveTime = clock.Elapsed };
                    last = bridge.Result;
                    claimedSolved = bridge.Result?["status_val"]?.GetValue<int>() == 1;
                    lastEps = eps;
                    if (!claimedSolved || current.Status != SolveStatus.Inaccurate) break;
                    warm = new JsonObject { ["x"] = bridge.Result!["x"]!.DeepClone(), ["y"] = bridge.Result["y"]!.DeepClone(), ["s"] = bridge.Result["s"]!.DeepClone() };
                }
                // Go on unshifted only from a phase that ran out of its share of iterations (not from a certificate,
                // a time limit or a checked optimum).
                bool ranOut = result is { Status: SolveStatus.IterationLimit or SolveStatus.Inaccurate } && used >= phaseEnd && !claimedSolved;
                if (lastPhase || !ranOut || used >= budget || last?["x"] is not JsonArray xs) break;
                startX = xs.Select((v, i) => v!.GetValue<double>() + x0[i]).ToArray();
                startY = last["y"]!.DeepClone();
                startS = last["s"]!.DeepClone();
                phaseNote = $" (shifted for {used} iterations, then unshifted from that point)";
            }
            result = result! with { Message = result.Message + phaseNote };
            if (runs > 1)
                result = result! with { Message = result.Message + $" (SCS rerun from its own point with eps down to {lastEps:G3}, {used} iterations in all)" };
            return result!;
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// The squared loss compiles to ½‖p‖² − yᵀp + ½‖y‖² (P diagonal on the predictions p, a large linear term), so
    /// the optimum lies far from SCS's starting point and SCS's objective is a large negative number beside the
    /// constant. Measured, that is what kept SCS from 1e-8 (spline1d: 100 000 iterations to 1e-6 unshifted, 35 350
    /// to eps 1e-8 shifted). For every variable j whose only P entry is a positive diagonal P_jj, x_j = x0_j + x'_j
    /// with x0_j = −c_j / P_jj; then SCS sees b' = b − A·x0 and c' = c + P·x0 (0 on those j) and returns x', while y
    /// and s are unchanged (Ax + s = b ⇔ Ax' + s = b − Ax0; Px + Aᵀy + c = Px' + Aᵀy + c'). The adapter adds x0
    /// back, and the check and objective are computed on the original program from that x.
    /// </summary>
    internal static (ConicProgram Program, double[] X0) Shift(ConicProgram program)
    {
        int n = program.Variables;
        var x0 = new double[n];
        if (!program.HasQuadraticObjective) return (program, x0);
        var P = program.P!;
        var touches = new int[n];
        var diagonal = new double[n];
        foreach (var (row, column, value) in P.Entries())
        {
            if (value == 0) continue;
            touches[row]++;
            if (row != column) touches[column]++;
            else diagonal[row] = value;
        }
        bool any = false;
        for (int j = 0; j < n; j++)
            if (touches[j] == 1 && diagonal[j] > 0 && program.C[j] != 0) { x0[j] = -program.C[j] / diagonal[j]; any = true; }
        if (!any) return (program, x0);
        var b = program.B.ToArray();
        program.A.MultiplyAdd(x0, b, -1.0);
        var c = program.C.ToArray();
        double constant = program.ObjectiveConstant;
        for (int j = 0; j < n; j++)
        {
            if (x0[j] == 0) continue;
            constant += program.C[j] * x0[j] + 0.5 * diagonal[j] * x0[j] * x0[j];
            c[j] = 0; // c_j + P_jj·x0_j
        }
        return (new ConicProgram(program.A, b.ToImmutableArray(), c.ToImmutableArray(), P, constant, program.Cones,
            program.VariableBlocks, program.RowBlocks), x0);
    }

    private static SolveResult Interpret(JsonNode? root, ConicProgram program, SolverSettings settings, SolveResult template, ChildOutcome run, double[] x0)
    {
        try
        {
            if (root is not JsonObject o) return template with { Message = "SCS runner wrote a result that is not a JSON object" };
            string status = o["status"]?.GetValue<string>() ?? "";
            if (status == "missing") return template with { Message = (o["message"]?.GetValue<string>() ?? "scs-solver missing") + "; " + InstallHint };
            if (o["status_val"] is null) return template with { Message = $"SCS runner wrote a result without a status: {ChildProcess.Tail(run.Output)}" };
            int code = o["status_val"]!.GetValue<int>();
            template = template with
            {
                SolverVersion = o["version"]?.GetValue<string>() ?? "",
                Iterations = o["iterations"]?.GetValue<int>() ?? 0,
            };
            var x = Numbers(o["x"]);
            // SCS's point is x' of the shifted program (Shift); a certificate direction is not shifted.
            var point = x.Length == x0.Length ? x.Select((v, i) => v + x0[i]).ToArray() : x;
            var y = Numbers(o["y"]);
            var s = Numbers(o["s"]);
            // SCS 3 status values: 1 solved, 2 solved inaccurate (hit a limit), 0 unfinished, -1 unbounded,
            // -2 infeasible, -3 indeterminate, -4 failed, -5 interrupted, -6/-7 unbounded/infeasible inaccurate.
            SolveStatus stopped = status.Contains("time", StringComparison.OrdinalIgnoreCase) ? SolveStatus.TimeLimit
                : status.Contains("iter", StringComparison.OrdinalIgnoreCase) ? SolveStatus.IterationLimit
                : SolveStatus.Inaccurate;
            return code switch
            {
                1 => ExternalResults.FromPoint(template, program, settings, point, y, s, SolveStatus.Optimal, status),
                2 or 0 => ExternalResults.FromPoint(template, program, settings, point, y, s, stopped, status),
                -1 or -6 when x.Length == program.Variables => ExternalResults.FromCertificate(template, program, settings, SolveStatus.Unbounded, x, y, status),
                -2 or -7 when y.Length == program.Constraints => ExternalResults.FromCertificate(template, program, settings, SolveStatus.Infeasible, x, y, status),
                -1 or -6 => Unverified(template, code == -1, SolveStatus.Unbounded, status, $"unboundedness residuals {Number(o["res_unbdd_a"])}, {Number(o["res_unbdd_p"])}"),
                -2 or -7 => Unverified(template, code == -2, SolveStatus.Infeasible, status, $"infeasibility residual {Number(o["res_infeas"])}"),
                -3 => template with { Status = SolveStatus.NumericalError, Message = $"SCS status '{status}'" },
                _ => template with { Message = $"SCS failed (status {code} '{status}'): {ChildProcess.Tail(run.Output)}" },
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            return template with { Message = $"SCS runner wrote malformed output ({e.Message})" };
        }
    }

    /// <summary>
    /// scs-solver's binding returns no vectors with a certificate, so ConicDsl cannot recheck it; SCS's own test
    /// (residual at most eps_infeas) is reported as such, and SCS's "inaccurate" certificates stay inaccurate.
    /// </summary>
    private static SolveResult Unverified(SolveResult template, bool accurate, SolveStatus claimed, string status, string residuals) =>
        template with
        {
            Status = accurate ? claimed : SolveStatus.Inaccurate,
            Message = $"SCS status '{status}' ({residuals}, by SCS's own test; the WebAssembly build returns no certificate vector to recheck)",
        };

    private static string Number(JsonNode? node) => node is null ? "n/a" : node.GetValue<double>().ToString("G3", System.Globalization.CultureInfo.InvariantCulture);

    private static double[] Numbers(JsonNode? node) =>
        node is JsonArray a ? a.Select(v => v is null ? double.NaN : v.GetValue<double>()).ToArray() : Array.Empty<double>();
}
