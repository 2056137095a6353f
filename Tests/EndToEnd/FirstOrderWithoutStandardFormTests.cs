using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>
/// <c>solve native method fista|al|auto</c> chooses its route before lowering and, on the first-order route, never
/// builds the standard form: a model whose standard form alone exceeds <c>--memory-limit</c> is solved, to the
/// interior-point method's optimum on the same model (an independent solver on the standard form, run without the
/// limit), and the report says that no standard form was built.
/// </summary>
public class FirstOrderWithoutStandardFormTests
{
    private static string Model(TempDir dir, int samples, string network, string solve) =>
        TwoFeatureModel.Write(dir, $"m_{network}_{samples}_{solve.Replace(' ', '_')}.cnn", $"d{samples}.csv", samples, 33,
            (a, b) => Math.Max(0, a - b) + 0.5 * a * b, $"{network} 16", 0.05, "sample 30 seed 2", $"solve {solve}");

    [TestCase("gated_relu", "fista", 400, "1M")]
    [TestCase("relu", "al", 100, "512K")]
    public void AModelWhoseStandardFormExceedsTheLimitIsSolvedToTheInteriorPointOptimum(string network, string method, int samples,
        string limit)
    {
        // 30 sampled gates: building the standard form is estimated at MBs (the builder's 116 B per nonzero, and for the
        // gated program a dense n × d map per pattern), the first-order route's masks and work arrays at about 100 KB.
        using var dir = new TempDir();
        var refused = CliRunner.Run("solve", Model(dir, samples, network, "native method ipm"), "--memory-limit", limit);
        Assert.That(refused.ExitCode, Is.EqualTo(2), refused.Error);
        Assert.That(refused.Error, Does.Contain("error CNN1230"), "the standard form does not fit the limit");

        var first = CliRunner.Run("solve", Model(dir, samples, network, $"native method {method}"), "--memory-limit", limit, "--json");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.Error + first.Out);
        Assert.That((bool)first.Json["standard_form_built"]!, Is.False);

        var ipm = CliRunner.Run("solve", Model(dir, samples, network, "native method ipm"), "--json");
        Assert.That(ipm.ExitCode, Is.EqualTo(0), ipm.Error);
        Assert.That((bool)ipm.Json["standard_form_built"]!, Is.True);
        // The variable and row counts reported without building are the estimate's, exact once the patterns exist.
        Assert.That((long)first.Json["variables"]!, Is.EqualTo((long)ipm.Json["variables"]!));
        Assert.That((long)first.Json["constraints"]!, Is.EqualTo((long)ipm.Json["constraints"]!));
        double reference = (double)ipm.Json["nonconvex_objective"]!;
        // The first-order default tolerance (relative min-norm subgradient 1e-6) reaches the IPM's optimum to ~1e-6
        // relative (docs/solver.md); 1e-5 leaves room for the IPM's own tolerance.
        Assert.That((double)first.Json["objective"]!, Is.EqualTo(reference).Within(1e-5 * reference));
        Assert.That((double)first.Json["nonconvex_objective"]!, Is.EqualTo(reference).Within(1e-5 * reference));
    }

    [Test]
    public void AutoChoosesFromTheEstimateAndBuildsNoStandardForm()
    {
        // 3 000 samples: the standard form has over 3 000 variables, so auto takes R-FISTA (gated) before lowering.
        using var dir = new TempDir();
        var r = CliRunner.Run("solve", Model(dir, 3000, "gated_relu", "native method auto fo_max_iters 20"), "--json");
        Assert.That(r.ExitCode, Is.Not.EqualTo(2), r.Error);
        Assert.That((string?)r.Json["method"], Does.StartWith("fista (auto: ").And.Contain("standard-form variables, above 3000"));
        Assert.That((bool)r.Json["standard_form_built"]!, Is.False);
    }

    [Test]
    public void TheTextReportAndOutputFolderSayNoStandardFormWasBuilt()
    {
        using var dir = new TempDir();
        var output = Path.Combine(dir.Path, "out");
        var r = CliRunner.Run("solve", Model(dir, 60, "gated_relu", "native method fista"), "-o", output);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error + r.Out);
        Assert.That(r.Out, Does.Contain("program    standard form not built (first-order route"));
        Assert.That(File.Exists(Path.Combine(output, "network.json")), "the recovered network is saved");
        Assert.That(File.Exists(Path.Combine(output, "problem.json")), Is.False, "there is no standard form to write");
    }

    [Test]
    public void AStoppedSolveIsNotReportedAsAnOptimumOrABound()
    {
        // Two iterations cannot reach the tolerance: the status is iteration_limit, and the value printed is the
        // returned point's, so the text must not call it an optimum, an upper bound or an optimal network.
        using var dir = new TempDir();
        var r = CliRunner.Run("solve", Model(dir, 60, "relu", "native method al fo_max_iters 2"));
        Assert.That(r.Out, Does.Contain("iteration_limit"), r.Error + r.Out);
        Assert.That(r.Out, Does.Contain("not a certified optimum or bound"));
        Assert.That(r.Out, Does.Not.Contain("upper bound on the global optimum"));
        Assert.That(r.Out, Does.Not.Contain("recovered optimal network"));
    }
}
