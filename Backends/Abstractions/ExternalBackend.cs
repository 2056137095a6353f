using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using ConicDsl.Conic;

namespace ConicDsl.Backends;

/// <summary>
/// Implemented by backends that run a program outside .NET (Python, Node.js). <see cref="MissingReason"/> lets a
/// caller tell "the backend is not installed" (CLI exit 3) from "the solve went wrong" (exit 1) before solving;
/// a solve attempted anyway returns <see cref="SolveStatus.Error"/> with the same message.
/// </summary>
public interface IExternalBackend
{
    /// <summary>Null when the external program and its packages are present, else what to install.</summary>
    string? MissingReason();
}

/// <summary>What happened to a child process run with a time limit.</summary>
internal sealed record ChildOutcome(int ExitCode, bool TimedOut, bool Cancelled, string? StartError, string Output, TimeSpan Elapsed);

internal static class ChildProcess
{
    private const int MaxCapturedChars = 64 * 1024;

    /// <summary>
    /// Runs <paramref name="exe"/> and waits for it, killing its whole tree when <paramref name="timeLimitSeconds"/>
    /// passes or <paramref name="cancellation"/> fires. The child is always reaped before this returns, so no solver
    /// keeps running (and burning the user's cores) after ConicDsl has given up on it.
    /// </summary>
    public static ChildOutcome Run(string exe, IEnumerable<string> args, double? timeLimitSeconds, bool echo, CancellationToken cancellation,
        string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // Some solvers (CSDP) read their parameter file from the current folder.
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Python's user site and a virtualenv on PATH must not shadow the Debian packages the bridge was tested with.
        psi.Environment["PYTHONNOUSERSITE"] = "1";
        // CSDP and CVXOPT call the system BLAS, which is OpenBLAS once scripts/setup.sh installs it; its threaded
        // reductions change the rounding from run to run (measured: CSDP on Examples/xor.cnn ended "success" with one
        // thread and "partial success" with two). One thread keeps the same model giving the same numbers.
        foreach (var threads in new[] { "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS" })
            if (Environment.GetEnvironmentVariable(threads) is null) psi.Environment[threads] = "1";
        var output = new StringBuilder();
        void Collect(string? line)
        {
            if (line is null) return;
            if (echo) Console.Error.WriteLine(line);
            lock (output)
            {
                if (output.Length < MaxCapturedChars) output.AppendLine(line);
            }
        }

        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or FileNotFoundException or InvalidOperationException)
        {
            return new ChildOutcome(-1, false, false, e.Message, "", watch.Elapsed);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        bool timedOut = false, cancelled = false;
        var deadline = timeLimitSeconds is double t ? TimeSpan.FromSeconds(Math.Max(0, t)) : Timeout.InfiniteTimeSpan;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (deadline != Timeout.InfiniteTimeSpan) limit.CancelAfter(deadline);
        try
        {
            process.WaitForExitAsync(limit.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            cancelled = cancellation.IsCancellationRequested;
            timedOut = !cancelled;
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
        process.WaitForExit(); // reaps the child and drains the redirected streams
        string text;
        lock (output) text = output.ToString();
        return new ChildOutcome(process.ExitCode, timedOut, cancelled, null, text, watch.Elapsed);
    }

    /// <summary>Walks up from the application folder for <paramref name="relative"/> (the source tree's copy is the freshest).</summary>
    public static string? FindUpwards(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate) || Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static string Tail(string text, int chars = 2000) =>
        text.Length <= chars ? text.Trim() : "…" + text[^chars..].Trim();
}

/// <summary>Turns what an external solver returned into a <see cref="SolveResult"/> whose numbers are ConicDsl's own.</summary>
internal static class ExternalResults
{
    /// <summary>
    /// A claimed optimum becomes <see cref="SolveStatus.Optimal"/> only when <see cref="SolutionCheck"/> accepts it;
    /// a solver that stopped early (<paramref name="stopped"/>) is still reported optimal when its point passes,
    /// because the check, not the solver's own test, is the contract.
    /// </summary>
    public static SolveResult FromPoint(
        SolveResult template, ConicProgram program, SolverSettings settings,
        double[] x, double[] y, double[] s, SolveStatus stopped, string solverStatus)
    {
        if (x.Length != program.Variables || y.Length != program.Constraints)
            return template with { Status = SolveStatus.Error, Message = $"solver returned a point of the wrong size (x {x.Length}, y {y.Length}; expected {program.Variables}, {program.Constraints}); solver status '{solverStatus}'" };
        if (x.Any(v => !double.IsFinite(v)) || y.Any(v => !double.IsFinite(v)))
            return template with { Status = SolveStatus.NumericalError, Message = $"solver returned non-finite numbers; solver status '{solverStatus}'" };
        var check = SolutionCheck.Compute(program, x, y);
        bool ok = check.Within(settings.Tolerance);
        var status = ok ? SolveStatus.Optimal : stopped;
        string message = (ok, stopped) switch
        {
            (true, SolveStatus.Optimal) => $"solver status '{solverStatus}'",
            (true, _) => $"solver status '{solverStatus}', but the returned point passes the residual check at {settings.Tolerance:G3}",
            (false, SolveStatus.Optimal) => $"solver status '{solverStatus}', but the recomputed residuals exceed the tolerance {settings.Tolerance:G3}",
            _ => $"solver status '{solverStatus}'",
        };
        if (!ok && stopped == SolveStatus.Optimal) status = SolveStatus.Inaccurate;
        return template with
        {
            Status = status,
            X = x.ToImmutableArray(),
            Y = y.ToImmutableArray(),
            S = s.Length == program.Constraints ? s.ToImmutableArray() : ImmutableArray<double>.Empty,
            PrimalObjective = check.PrimalObjective,
            DualObjective = check.DualObjective,
            PrimalResidual = check.PrimalResidual,
            DualResidual = check.DualResidual,
            Gap = check.Gap,
            Message = message,
        };
    }

    /// <summary>
    /// Checks a primal infeasibility certificate: ŷ = Π_K*(y) with bᵀŷ &lt; 0 and ‖Aᵀŷ‖∞ / (−bᵀŷ) small.
    /// Returns that relative residual (∞ when bᵀŷ ≥ 0).
    /// </summary>
    public static double InfeasibilityResidual(ConicProgram program, double[] y)
    {
        if (y.Length != program.Constraints) return double.PositiveInfinity;
        var yh = (double[])y.Clone();
        ConeProjection.ProjectDual(program.Cones, yh);
        double by = 0;
        for (int i = 0; i < yh.Length; i++) by += program.B[i] * yh[i];
        if (!(by < 0)) return double.PositiveInfinity;
        var aty = new double[program.Variables];
        program.A.TransposeMultiplyAdd(yh, aty);
        return NormInf(aty) / -by;
    }

    /// <summary>
    /// Checks an unboundedness certificate: cᵀx &lt; 0, ‖Ax + Π_K(−Ax)‖∞ and ‖Px‖∞ small relative to −cᵀx.
    /// </summary>
    public static double UnboundednessResidual(ConicProgram program, double[] x)
    {
        if (x.Length != program.Variables) return double.PositiveInfinity;
        double cx = 0;
        for (int i = 0; i < x.Length; i++) cx += program.C[i] * x[i];
        if (!(cx < 0)) return double.PositiveInfinity;
        var ax = program.A.Multiply(x);
        var s = ax.Select(v => -v).ToArray();
        ConeProjection.ProjectPrimal(program.Cones, s);
        double r = 0;
        for (int i = 0; i < s.Length; i++) r = Math.Max(r, Math.Abs(ax[i] + s[i]));
        if (program.P is not null) r = Math.Max(r, NormInf(program.P.SymmetricUpperMultiply(x)));
        return r / -cx;
    }

    public static SolveResult FromCertificate(SolveResult template, ConicProgram program, SolverSettings settings,
        SolveStatus claimed, double[] x, double[] y, string solverStatus)
    {
        double residual = claimed == SolveStatus.Infeasible ? InfeasibilityResidual(program, y) : UnboundednessResidual(program, x);
        // Certificates are directions, so their residual is normalised by |bᵀy| or |cᵀx|; solvers stop at about
        // their feasibility tolerance, so allow a looser bound than for optimal points.
        double bound = Math.Max(settings.Tolerance, 1e-6) * 100;
        bool ok = residual <= bound;
        string what = claimed == SolveStatus.Infeasible ? "infeasibility" : "unboundedness";
        return template with
        {
            Status = ok ? claimed : SolveStatus.Inaccurate,
            X = claimed == SolveStatus.Unbounded ? x.ToImmutableArray() : ImmutableArray<double>.Empty,
            Y = claimed == SolveStatus.Infeasible ? y.ToImmutableArray() : ImmutableArray<double>.Empty,
            Message = ok
                ? $"solver status '{solverStatus}'; {what} certificate checked (relative residual {residual:G3})"
                : $"solver status '{solverStatus}', but its {what} certificate does not check out (relative residual {residual:G3})",
        };
    }

    private static double NormInf(IEnumerable<double> v) => v.Aggregate(0.0, (m, e) => Math.Max(m, Math.Abs(e)));
}
