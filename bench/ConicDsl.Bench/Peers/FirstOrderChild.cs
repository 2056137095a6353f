using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ConicDsl.Backends;
using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.FirstOrder;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Dsl;

namespace ConicDsl.Bench.Peers;

/// <summary>
/// The bench's <c>firstorder MODEL.cnn TIME_LIMIT</c> mode: the model's first-order route run the way a library
/// caller runs it — front end, data, patterns, structured lowering, <see cref="GroupLassoSolver"/>, recovery —
/// without the standard form that <c>conicdsl solve</c> still builds first (docs/solver.md: at n = 100 000, P = 500
/// its 10⁸ pattern rows are what the CLI cannot hold, not the solver). It prints the keys of <c>solve --json</c>
/// that <see cref="CliSolverPeer"/> reads, so one parser serves both.
/// </summary>
public static class FirstOrderChild
{
    public static int Run(string modelPath, double timeLimitSeconds)
    {
        var front = ModelFrontEnd.Load(modelPath, File.ReadAllText(modelPath), BackendRegistry.Catalog());
        if (front.Model is not { } model) return Fail(string.Join("; ", front.Diagnostics));
        var compile = Stopwatch.StartNew();
        var (data, bindDiagnostics) = ModelCompiler.Bind(model);
        if (data is null) return Fail(string.Join("; ", bindDiagnostics));
        var architecture = ArchitectureRegistry.Find(model.Network.Architecture);
        if (architecture is not IStructuredArchitecture structured) return Fail($"{model.Network.Architecture} has no structured lowering");
        var (patterns, patternDiagnostics) = architecture.BuildPatterns(model, data, CancellationToken.None);
        if (patterns is null) return Fail(string.Join("; ", patternDiagnostics));
        var (lowering, refusal) = structured.LowerStructured(model, data, patterns);
        if (lowering is null) return Fail(refusal ?? "no structured lowering");
        double compileSeconds = compile.Elapsed.TotalSeconds;

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(timeLimitSeconds));
        var solution = GroupLassoSolver.Solve(lowering.Problem, new FirstOrderSettings(), stop: limit.Token);
        var recovery = lowering.Recovery.Recover(lowering.SolutionVector(solution));
        double network = lowering.Recovery.Objective(recovery.Network);
        var history = new JsonArray(solution.History.Where((_, i) => i % Math.Max(1, solution.History.Count / 1000) == 0 || i == solution.History.Count - 1)
            .Select(p => (JsonNode)new JsonObject
            {
                ["seconds"] = p.Seconds, ["objective"] = p.Objective, ["primal_residual"] = p.Violation,
            }).ToArray());
        Console.WriteLine(new JsonObject
        {
            ["status"] = solution.Converged ? "optimal" : limit.IsCancellationRequested ? "time_limit" : "iteration_limit",
            ["method"] = solution.Method,
            ["objective"] = solution.Objective,
            ["nonconvex_objective"] = network,
            ["solve_seconds"] = solution.Elapsed.TotalSeconds,
            ["compile_seconds"] = compileSeconds,
            ["iterations"] = solution.Iterations,
            ["variables"] = lowering.Problem.Features * lowering.Problem.Blocks,
            ["constraints"] = lowering.Problem.Constrained ? (long)lowering.Problem.Samples * lowering.Problem.Blocks : 0L,
            ["primal_residual"] = solution.Violation,
            ["gemm_gflops"] = solution.GemmGflops,
            ["gemm_seconds"] = solution.ProductTime.TotalSeconds,
            ["products"] = solution.Products,
            ["history"] = history,
        }.ToJsonString());
        return 0;
    }

    private static int Fail(string why)
    {
        Console.Error.WriteLine($"firstorder: {why}");
        return 1;
    }

    public static double Seconds(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
