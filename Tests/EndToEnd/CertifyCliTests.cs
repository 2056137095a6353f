using System.Text.Json.Nodes;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>
/// <c>conicdsl certify</c> end to end: the network <c>solve</c> writes is certified optimal; Examples/spline1d_width3.json
/// (3 units trained by Adam with numpy, Examples/train_spline1d_width3.py) is not; faulty network files are located
/// diagnostics with exit 2.
/// </summary>
public class CertifyCliTests
{
    private static readonly string Spline = CliRunner.Example("spline1d.cnn");

    [Test]
    public void TheNetworkSolveWritesIsCertifiedGloballyOptimal()
    {
        using var dir = new TempDir();
        var solved = CliRunner.Run("solve", Spline, "--json", "-o", dir.Path);
        Assert.That(solved.ExitCode, Is.EqualTo(0), solved.Error);
        var r = CliRunner.Run("certify", Spline, Path.Combine(dir.Path, "network.json"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error + r.Out);
        var j = r.Json;
        Assert.Multiple(() =>
        {
            Assert.That((bool?)j["globally_optimal"], Is.True, (string?)j["statement"]);
            Assert.That((bool?)j["tests_agree"], Is.True);
            Assert.That((double)j["network_objective"]!, Is.EqualTo((double)solved.Json["nonconvex_objective"]!).Within(1e-12),
                "the same network run forward on the same data");
            Assert.That((double)j["optimal_objective"]!, Is.EqualTo((double)solved.Json["objective"]!).Within(1e-9));
            Assert.That((double)j["certified_lower_bound"]!, Is.LessThanOrEqualTo((double)j["optimal_objective"]! + 1e-9));
            Assert.That((double)j["rho_over_beta"]!, Is.EqualTo(1).Within(1e-4));
        });
    }

    [Test]
    public void AnAdamNetworkWithTooFewUnitsIsNotOptimal()
    {
        // References: the network's objective from the numpy script that trained it (its own forward run, stored in the
        // file), and the optimum from the native backend's solve while certify solves with CVXOPT (a second solver).
        var network = CliRunner.Example("spline1d_width3.json");
        double scriptObjective = (double)JsonNode.Parse(File.ReadAllText(network))!["objective"]!;
        var native = CliRunner.Run("solve", Spline, "--json");
        var r = CliRunner.Run("certify", Spline, network, "--json", "--backend", "cvxopt");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Error + r.Out);
        var j = r.Json;
        Assert.Multiple(() =>
        {
            Assert.That((bool?)j["globally_optimal"], Is.False);
            Assert.That((bool?)j["tests_agree"], Is.True);
            Assert.That((bool?)j["balanced"], Is.True, "Adam ends balanced (a stationary point)");
            Assert.That((bool?)j["dual_feasible"], Is.False, "but a missing unit violates a cone");
            Assert.That((double)j["network_objective"]!, Is.EqualTo(scriptObjective).Within(1e-9));
            double optimum = (double)native.Json["objective"]!;
            Assert.That(Math.Abs((double)j["optimal_objective"]! - optimum) / optimum, Is.LessThanOrEqualTo(1e-6));
            Assert.That((double)j["gap"]!, Is.EqualTo(scriptObjective - (double)j["optimal_objective"]!).Within(1e-12));
            Assert.That((double)j["certified_lower_bound"]!, Is.LessThanOrEqualTo(optimum));
        });
        var text = CliRunner.Run("certify", Spline, network);
        Assert.That(text.Out, Does.Contain("verdict    not globally optimal: rho/beta = "));
    }

    [Test]
    public void SampledPatternsNeverSayGloballyOptimal()
    {
        using var dir = new TempDir();
        var xor = DualityReportTests.SmallHingeModel(dir);
        Assert.That(CliRunner.Run("solve", xor, "-o", dir.Path).ExitCode, Is.EqualTo(0));
        var r = CliRunner.Run("certify", xor, Path.Combine(dir.Path, "network.json"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.Error + r.Out);
        Assert.That(r.Json["globally_optimal"], Is.Null);
        Assert.That((bool?)r.Json["optimal_over_patterns"], Is.True, (string?)r.Json["statement"]);
        Assert.That(r.Json["certified_lower_bound"], Is.Null);
        Assert.That((string?)r.Json["statement"], Does.StartWith("optimal over the sampled patterns' cones only"));
    }

    private static CliRunner.Outcome CertifyText(string content, out string path)
    {
        var dir = new TempDir();
        path = dir.Write("net.json", content);
        return CliRunner.Run("certify", Spline, path);
    }

    [Test]
    public void MissingFieldIsLocated()
    {
        var r = CertifyText("{\n  \"layers\": [\n    { \"kind\": \"dense_relu\", \"biases\": [0] },\n    { \"kind\": \"dense_linear\", \"weights\": [1] }\n  ]\n}\n", out var path);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error.Trim(), Is.EqualTo($"{path}:3:5: error CNN3003: missing field 'weights' in layers[0] (one row of 1 input weight(s) per hidden unit)"));
    }

    [Test]
    public void WrongDimensionIsLocated()
    {
        var r = CertifyText("{ \"layers\": [\n  { \"kind\": \"dense_relu\", \"weights\": [[1, 2]] },\n  { \"kind\": \"dense_linear\", \"weights\": [1] } ] }", out var path);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error.Trim(), Is.EqualTo($"{path}:2:39: error CNN3004: 'layers[0].weights[0]' has 2 number(s); expected one per feature of the data (1)"));
    }

    [Test]
    public void OutputWeightsOfTheWrongCountAreLocated()
    {
        var r = CertifyText("{ \"layers\": [\n  { \"kind\": \"dense_relu\", \"weights\": [[1], [2]] },\n  { \"kind\": \"dense_linear\", \"weights\": [1] } ] }", out var path);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error.Trim(), Is.EqualTo($"{path}:3:40: error CNN3004: 'layers[1].weights' has 1 number(s); expected one per hidden unit (2 rows in layers[0].weights)"));
    }

    [Test]
    public void NotJsonIsLocated()
    {
        var r = CertifyText("{\n  \"layers\": [ 1, ]\n", out var path);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error.Trim(), Is.EqualTo($"{path}:2:18: error CNN3002: not valid JSON: The JSON array contains a trailing comma at the end which is not supported in this mode.\n    hint: the file must be one JSON object; see docs/formats.md"));
        Assert.That(r.Error, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void MissingFileIsABadInputExit()
    {
        var r = CliRunner.Run("certify", Spline, "/nonexistent/net.json");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error, Does.StartWith("/nonexistent/net.json: error CNN3001: cannot read the network file: "));
    }

    [Test]
    public void AnotherArchitectureIsRefused()
    {
        var r = CliRunner.Run("certify", CliRunner.Example("xor_gated.cnn"), CliRunner.Example("spline1d_width3.json"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error.Trim(), Does.EndWith("error: cannot certify this model: certify takes two-layer ReLU networks ('relu M' on a vector input, output 1)"));
    }
}
