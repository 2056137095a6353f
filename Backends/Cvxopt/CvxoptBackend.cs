using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConicDsl.Conic;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Backends.Cvxopt;

/// <summary>
/// CVXOPT (Debian's python3-cvxopt) run as a child process through cvxopt_bridge.py, with a sparse KKT solver
/// (scipy's SuperLU on the regularized KKT matrix) because CVXOPT's default dense one is unusable beyond toys.
/// conelp (linear objective) detects infeasibility and unboundedness; coneqp (quadratic objective) has no
/// self-dual embedding, so on an infeasible or unbounded QP it stops with status 'unknown', which is reported
/// as an iteration limit or a numerical error, never as a certificate.
/// </summary>
public sealed class CvxoptBackend : ISolverBackend, IExternalBackend, IVersionProbe
{
    public const string DefaultPython = "/usr/bin/python3";
    private const string InstallHint = "apt-get install python3-cvxopt python3-scipy python3-numpy (or run scripts/setup.sh)";
    private const string ScriptName = "cvxopt_bridge.py";

    private readonly string _python;
    private readonly string? _script;

    /// <summary>Uses /usr/bin/python3, or the interpreter named by the CONICDSL_PYTHON environment variable.</summary>
    public CvxoptBackend() : this(Environment.GetEnvironmentVariable("CONICDSL_PYTHON") is { Length: > 0 } p ? p : DefaultPython, null) { }

    /// <summary>Tests point this at a missing interpreter or another bridge script.</summary>
    internal CvxoptBackend(string python, string? script)
    {
        _python = python;
        _script = script;
    }

    public string Name => "cvxopt";

    public IReadOnlyList<OptionInfo> Options { get; } = new[]
    {
        new OptionInfo("tolerance", OptionKind.PositiveNumber, "CVXOPT's abstol, reltol and feastol, and the residual check's tolerance (default 1e-8)"),
        new OptionInfo("max_iters", OptionKind.PositiveInteger, "interior-point iteration limit (default 100)"),
        new OptionInfo("time_limit", OptionKind.PositiveNumber, "seconds before the CVXOPT process is killed (default none)"),
        new OptionInfo("verbose", OptionKind.Flag01, "1 prints CVXOPT's progress to standard error"),
    };

    public string? Rejects(ConicProgram program) =>
        program.Cones.HasExponential
            ? "CVXOPT has no exponential cone; use the native or scs backend for programs with exponential cones (e.g. loss logistic)"
            : null;

    private string? Script() =>
        _script ?? ChildProcess.FindUpwards(Path.Combine("Backends", "Cvxopt", ScriptName))
                ?? ChildProcess.FindUpwards(Path.Combine("backends", ScriptName));

    public string? MissingReason()
    {
        if (!File.Exists(_python)) return $"the CVXOPT backend needs {_python}: {InstallHint}";
        if (Script() is null) return $"the CVXOPT bridge script {ScriptName} is missing from the installation";
        var probe = ChildProcess.Run(_python, new[] { "-c", "import cvxopt, scipy.sparse.linalg, numpy" }, 30, false, CancellationToken.None);
        if (probe.StartError is not null) return $"cannot start {_python} ({probe.StartError}): {InstallHint}";
        return probe.ExitCode == 0 ? null : $"python3 cannot import cvxopt/scipy/numpy: {InstallHint}";
    }

    public BackendVersion ProbeVersion()
    {
        if (MissingReason() is { } missing) return new(Name, false, missing);
        var run = ChildProcess.Run(_python, new[] { "-c", "import cvxopt, sys; print(cvxopt.__version__, sys.version.split()[0])" },
            IVersionProbe.ProbeSeconds, false, CancellationToken.None);
        var parts = run.Output.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return run.ExitCode == 0 && parts.Length == 2
            ? new(Name, true, $"CVXOPT {parts[0]} (Python {parts[1]}, {_python})")
            : new(Name, false, $"{_python} could not report cvxopt's version: {ChildProcess.Tail(run.Output, 200)}");
    }

    public SolveResult Solve(ConicProgram program, SolverSettings settings, CancellationToken cancellation = default)
    {
        var template = new SolveResult { Status = SolveStatus.Error, Backend = Name };
        if (Rejects(program) is string why) return template with { Message = why };
        var script = Script();
        if (!File.Exists(_python))
            return template with { Message = $"the CVXOPT backend is not installed: {_python} not found; {InstallHint}" };
        if (script is null)
            return template with { Message = $"the CVXOPT bridge script {ScriptName} is missing from the installation" };

        var dir = Path.Combine(Path.GetTempPath(), "conicdsl-cvxopt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var programPath = Path.Combine(dir, "program.json");
            var settingsPath = Path.Combine(dir, "settings.json");
            var resultPath = Path.Combine(dir, "result.json");
            File.WriteAllText(programPath, ConicProgramJson.Write(program));
            var bridgeSettings = new JsonObject
            {
                // CVXOPT measures its gap and feasibility differently from SolutionCheck; asking for a tenth of the
                // tolerance lets the point it returns pass our check instead of missing it by a hair.
                ["tolerance"] = settings.Tolerance * 0.1,
                ["max_iters"] = settings.MaxIterations ?? 100,
                ["verbose"] = settings.Verbose || settings.Options.GetValueOrDefault("verbose") == 1,
            };
            File.WriteAllText(settingsPath, bridgeSettings.ToJsonString());

            var bridge = JsonBridge.Run("CVXOPT", _python, new[] { script, programPath, settingsPath, resultPath },
                settings.TimeLimitSeconds, settings.TimeLimitSeconds, (bool)bridgeSettings["verbose"]!, cancellation, resultPath, template, InstallHint);
            if (bridge.Failure is { } failed) return failed;
            return Interpret(bridge.Result, program, settings, bridge.Template, bridge.Run);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static SolveResult Interpret(JsonNode? root, ConicProgram program, SolverSettings settings, SolveResult template, ChildOutcome run)
    {
        try
        {
            if (root is not JsonObject o || o["status"]?.GetValue<string>() is not string status)
                return template with { Message = "CVXOPT bridge wrote a result without a status" };
            string version = o["version"]?.GetValue<string>() ?? "";
            int iterations = o["iterations"]?.GetValue<int>() ?? 0;
            template = template with { SolverVersion = version, Iterations = iterations };
            var x = Numbers(o["x"]);
            var y = Numbers(o["y"]);
            var s = Numbers(o["s"]);
            int maxIters = settings.MaxIterations ?? 100;
            return status switch
            {
                "missing" => template with { Message = o["message"]?.GetValue<string>() ?? InstallHint },
                "error" => template with { Status = SolveStatus.NumericalError, Message = o["message"]?.GetValue<string>() ?? "CVXOPT failed" },
                "optimal" => ExternalResults.FromPoint(template, program, settings, x, y, s, SolveStatus.Optimal, status),
                "primal infeasible" => ExternalResults.FromCertificate(template, program, settings, SolveStatus.Infeasible, x, y, status),
                "dual infeasible" => ExternalResults.FromCertificate(template, program, settings, SolveStatus.Unbounded, x, y, status),
                "unknown" when x.Length == 0 || y.Length == 0 => template with
                {
                    Status = iterations >= maxIters ? SolveStatus.IterationLimit : SolveStatus.NumericalError,
                    Message = "CVXOPT stopped with status 'unknown' and no point",
                },
                "unknown" => ExternalResults.FromPoint(template, program, settings, x, y, s,
                    iterations >= maxIters ? SolveStatus.IterationLimit : SolveStatus.NumericalError,
                    iterations >= maxIters ? "unknown (iteration limit)" : "unknown (stopped early: numerical difficulties, or an infeasible/unbounded QP, which coneqp cannot certify)"),
                _ => template with { Message = $"CVXOPT bridge reported an unexpected status '{status}'" },
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            return template with { Message = $"CVXOPT bridge wrote malformed output ({e.Message})" };
        }
    }

    private static double[] Numbers(JsonNode? node) =>
        node is JsonArray a ? a.Select(v => v is null ? double.NaN : v.GetValue<double>()).ToArray() : Array.Empty<double>();
}
