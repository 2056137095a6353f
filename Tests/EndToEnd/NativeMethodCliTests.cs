using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary><c>solve native method …</c> through the CLI: the first-order route against the interior-point route of
/// the same model (an independent solver on a different program form), at the default first-order tolerance;
/// refusals located at the option.</summary>
public class NativeMethodCliTests
{
    private static string Model(TempDir dir, string network, string method) =>
        TwoFeatureModel.Write(dir, $"m_{method}.cnn", "d.csv", 40, 21, (a, b) => Math.Max(0, a + b) - 0.3 * a * b,
            $"{network} 16", 0.05, "sample 30 seed 4", $"solve native method {method}");

    [TestCase("gated_relu", "fista")]
    [TestCase("relu", "al")]
    public void FirstOrderMethodReachesTheInteriorPointOptimum(string network, string method)
    {
        using var dir = new TempDir();
        var first = CliRunner.Run("solve", Model(dir, network, method), "--json");
        var ipm = CliRunner.Run("solve", Model(dir, network, "ipm"), "--json");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.Error + first.Out);
        Assert.That(ipm.ExitCode, Is.EqualTo(0), ipm.Error);
        Assert.That((string?)first.Json["method"], Is.EqualTo($"{method} (requested)"));
        double reference = (double)ipm.Json["nonconvex_objective"]!;
        Assert.That((double)first.Json["objective"]!, Is.EqualTo(reference).Within(1e-5 * reference));
        Assert.That((double)first.Json["nonconvex_objective"]!, Is.EqualTo(reference).Within(1e-5 * reference));
    }

    [Test]
    public void AutoReportsWhatItPicked()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("solve", Model(dir, "relu", "auto"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Assert.That((string?)r.Json["method"], Does.StartWith("ipm (auto: ").And.Contain("standard-form variables"));
    }

    [Test]
    public void FistaOnTheReluProgramIsRefusedAtTheOption()
    {
        using var dir = new TempDir();
        var path = Model(dir, "relu", "fista");
        var r = CliRunner.Run("solve", path);
        Assert.That(r.ExitCode, Is.Not.EqualTo(0));
        Assert.That(r.Error, Does.Contain(":11:").And.Contain("error CNN1109").And.Contain("use method al"));
    }
}
