using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>The two example models of the README solve to optimality and their recovered networks check out.</summary>
public class ExampleModelsTests
{
    [Test]
    public void Spline1dSolvesToTheGlobalOptimum()
    {
        var r = CliRunner.Run("solve", CliRunner.Example("spline1d.cnn"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        var j = r.Json;
        Assert.That((string?)j["status"], Is.EqualTo("optimal"));
        Assert.That((bool)j["global"]!, Is.True);
        Assert.That((int)j["patterns"]!, Is.EqualTo(39), "1-D data with bias: 2n regions minus the all-zero one (math.md §3.2)");
        double objective = (double)j["objective"]!, nonConvex = (double)j["nonconvex_objective"]!;
        Assert.That(Math.Abs(nonConvex - objective) / objective, Is.LessThanOrEqualTo(1e-6), "recovered network = convex optimum");
        // Independent route: CVXOPT (coneqp, tolerances 1e-8, status optimal) on the same program built by
        // shared/docs/verify/common.py, whose patterns come from its own incremental-LP enumeration (39 patterns).
        Assert.That(Math.Abs(objective - 0.0978881414) / 0.0978881414, Is.LessThanOrEqualTo(1e-6));
        Assert.That((int)j["active_neurons"]!, Is.LessThanOrEqualTo((int)j["width"]!));
    }

    [Test]
    public void XorSolvesWithSampledPatternsAndTheRecoveredNetworkMatches()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("solve", CliRunner.Example("xor.cnn"), "--json", "-o", dir.Path);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        var j = r.Json;
        Assert.That((string?)j["status"], Is.EqualTo("optimal"));
        Assert.That((bool)j["global"]!, Is.False, "sampled patterns give an upper bound, and the report must say so");
        Assert.That((int)j["patterns"]!, Is.InRange(2, 200));
        double objective = (double)j["objective"]!, nonConvex = (double)j["nonconvex_objective"]!;
        Assert.That(Math.Abs(nonConvex - objective) / objective, Is.LessThanOrEqualTo(1e-6));
        Assert.That((double)j["train_error"]!, Is.EqualTo(0), "the four xor clusters are separable by a small ReLU network");
        Assert.That(File.Exists(Path.Combine(dir.Path, "network.json")) && File.Exists(Path.Combine(dir.Path, "problem.json")));
    }

    [Test]
    public void SameModelGivesTheSameNumbers()
    {
        var a = CliRunner.Run("solve", CliRunner.Example("xor.cnn"), "--json").Json;
        var b = CliRunner.Run("solve", CliRunner.Example("xor.cnn"), "--json").Json;
        Assert.That((double)a["objective"]!, Is.EqualTo((double)b["objective"]!));
        Assert.That((int)a["patterns"]!, Is.EqualTo((int)b["patterns"]!));
    }
}
