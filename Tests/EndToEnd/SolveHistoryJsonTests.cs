using System.Text.Json.Nodes;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>
/// <c>solve --json</c>'s <c>history</c> (docs/formats.md): timed per-iteration points for the native IPM and the
/// first-order methods, from which the benchmark reads time-to-tolerance. The reference is the report itself: the
/// history must end at the reported objective and within the reported solve time, so a stale or mistimed history
/// cannot pass.
/// </summary>
public class SolveHistoryJsonTests
{
    private static string Model(TempDir dir, string network, string method) =>
        TwoFeatureModel.Write(dir, $"m_{method}.cnn", "d.csv", 30, 33, (a, b) => Math.Max(0, a - b) + 0.2 * a,
            $"{network} 10", 0.05, "sample 20 seed 2", $"solve native method {method}");

    [TestCase("gated_relu", "fista")]
    [TestCase("relu", "al")]
    [TestCase("relu", "ipm")]
    public void HistoryIsTimedAndEndsAtTheReportedObjective(string network, string method)
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("solve", Model(dir, network, method), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error + r.Out);
        var history = r.Json["history"]!.AsArray();
        Assert.That(history, Is.Not.Empty);
        double solveSeconds = (double)r.Json["solve_seconds"]!, previous = 0;
        foreach (var point in history)
        {
            double t = (double)point!["seconds"]!;
            Assert.That(t, Is.GreaterThanOrEqualTo(previous).And.LessThanOrEqualTo(solveSeconds + 1e-9));
            previous = t;
        }
        double objective = (double)r.Json["objective"]!, last = (double)history[^1]!["objective"]!;
        Assert.That(last, Is.EqualTo(objective).Within(1e-7 * Math.Abs(objective)));
        bool firstOrder = method != "ipm";
        Assert.That(r.Json["gemm_gflops"] is JsonValue, Is.EqualTo(firstOrder));
        if (firstOrder) Assert.That((double)r.Json["gemm_gflops"]!, Is.GreaterThan(0));
    }
}
