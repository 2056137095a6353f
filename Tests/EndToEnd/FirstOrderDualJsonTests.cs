using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>
/// <c>solve --json</c> of a first-order solve carries the certified bound (docs/formats.md): <c>dual_objective</c>,
/// <c>duality_gap</c> = objective − dual_objective, and <c>history[k].dual_objective</c> where evaluated. The reference
/// is the native IPM's optimum of the same model (method ipm), solved through the same CLI: every bound must lie below it.
/// </summary>
public class FirstOrderDualJsonTests
{
    private static string Model(TempDir dir, string network, string solve) =>
        TwoFeatureModel.Write(dir, $"m_{network}_{solve.Length}.cnn", "d.csv", 30, 34, (a, b) => Math.Max(0, a - b) + 0.2 * a,
            $"{network} 10", 0.05, "sample 20 seed 2", solve);

    [TestCase("gated_relu", "fista")]
    [TestCase("relu", "al")]
    public void DualKeysArePresentConsistentAndBelowTheIpmOptimum(string network, string method)
    {
        using var dir = new TempDir();
        var ipm = CliRunner.Run("solve", Model(dir, network, "solve native method ipm"), "--json");
        Assert.That(ipm.ExitCode, Is.EqualTo(0), ipm.Error + ipm.Out);
        double optimum = (double)ipm.Json["objective"]!;

        var r = CliRunner.Run("solve", Model(dir, network, $"solve native method {method} gap_tolerance 1e-2"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error + r.Out);
        double objective = (double)r.Json["objective"]!, dual = (double)r.Json["dual_objective"]!;
        Assert.That(dual, Is.LessThanOrEqualTo(objective));
        Assert.That(dual, Is.LessThanOrEqualTo(optimum + 1e-9 * optimum));
        Assert.That((double)r.Json["duality_gap"]!, Is.EqualTo(objective - dual).Within(1e-12 * objective));
        var bounds = r.Json["history"]!.AsArray().Where(h => h!["dual_objective"] is not null)
            .Select(h => (double)h!["dual_objective"]!).ToList();
        Assert.That(bounds, Is.Not.Empty);
        Assert.That(bounds.Max(), Is.EqualTo(dual), "the reported bound is the best of the history's");
        Assert.That(bounds, Has.All.LessThanOrEqualTo(optimum + 1e-9 * optimum));
    }

    [Test]
    public void TextReportSaysTheDualIsACertifiedBound()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("solve", Model(dir, "gated_relu", "solve native method fista"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error + r.Out);
        Assert.That(r.Out, Does.Contain("certified lower bound"));
    }
}
