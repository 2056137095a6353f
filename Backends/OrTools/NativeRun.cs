using System.Diagnostics;
using Google.OrTools.ModelBuilder;
using Google.Protobuf;
using OperationsResearch;
using MbStatus = Google.OrTools.ModelBuilder.SolveStatus;

namespace ConicDsl.Backends.OrTools;

/// <summary>What one OR-Tools solve returned: the solver's own status and, when it has a solution, the values of
/// every proto variable and the dual of every proto constraint (OR-Tools' sign convention, see the backend).</summary>
internal sealed record NativeOutcome(MbStatus Status, string StatusText, double[]? Values, double[]? Duals, TimeSpan Elapsed);

internal static class NativeRun
{
    /// <summary>
    /// Solves <paramref name="model"/> with the ModelBuilder solver named <paramref name="solver"/>. The C# API has
    /// no call that takes an <see cref="MPModelProto"/> (quadratic constraints cannot be built through it either),
    /// so the proto goes through a temporary file that <see cref="ModelBuilderHelper.ReadModelFromProtoFile"/> loads.
    /// </summary>
    public static NativeOutcome Solve(MPModelProto model, string solver, double? timeLimit, bool verbose,
        string? parameters, bool wantDuals, CancellationToken cancellation)
    {
        var file = Path.Combine(Path.GetTempPath(), "conicdsl-ortools-" + Guid.NewGuid().ToString("N") + ".pb");
        try
        {
            File.WriteAllBytes(file, model.ToByteArray());
            using var helper = new ModelBuilderHelper();
            if (!helper.ReadModelFromProtoFile(file))
                throw new InvalidOperationException("OR-Tools could not read back the model it was given");
            using var run = new ModelSolverHelper(solver);
            if (!run.SolverIsSupported())
                throw new InvalidOperationException($"this OR-Tools build has no solver '{solver}'");
            if (timeLimit is double t) run.SetTimeLimitInSeconds(Math.Max(t, 1e-3));
            if (verbose) run.EnableOutput(true);
            if (!string.IsNullOrEmpty(parameters)) run.SetSolverSpecificParameters(parameters);
            var watch = Stopwatch.StartNew();
            using (cancellation.Register(() => run.InterruptSolve()))
            using (new NativeStdoutToStderr())
                run.Solve(helper);
            var elapsed = watch.Elapsed;
            var status = run.Status();
            double[]? values = null, duals = null;
            if (run.HasSolution())
            {
                values = new double[model.Variable.Count];
                for (int j = 0; j < values.Length; j++) values[j] = run.VariableValue(j);
                if (wantDuals)
                {
                    duals = new double[model.Constraint.Count];
                    for (int i = 0; i < duals.Length; i++) duals[i] = run.DualValue(i);
                }
            }
            return new NativeOutcome(status, run.StatusString(), values, duals, elapsed);
        }
        finally
        {
            try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
