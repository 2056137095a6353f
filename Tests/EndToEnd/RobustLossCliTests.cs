using System.Text.Json.Nodes;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary><c>loss huber delta D</c> and <c>loss absolute</c> through the CLI: parsed, solved, reported, and the
/// convention written to network.json.</summary>
public class RobustLossCliTests
{
    [TestCase("huber delta 0.5", "delta = 0.5", "huber (delta 0.5)")]
    [TestCase("absolute", "sum_k |f(x_k) - y_k|", "loss       absolute")]
    public void SolvesAndWritesTheLossConvention(string loss, string convention, string reportLine)
    {
        using var dir = new TempDir();
        dir.Write("xor.csv", File.ReadAllText(CliRunner.Example("xor.csv")));
        var model = dir.Write("m.cnn", $$"""
            model robust {
              data "xor.csv" target label
              network {
                input bias
                gated_relu 40
                output 1
              }
              loss {{loss}}
              regularize weight_decay 0.01
              arrangements sample 100 seed 3
            }
            """);
        var text = CliRunner.Run("solve", model, "-o", dir.Path);
        Assert.That(text.ExitCode, Is.EqualTo(0), text.Error);
        Assert.That(text.Out, Does.Contain(reportLine));
        var json = CliRunner.Run("solve", model, "--json").Json;
        double objective = (double)json["objective"]!, nonConvex = (double)json["nonconvex_objective"]!;
        Assert.That(Math.Abs(nonConvex - objective) / objective, Is.LessThanOrEqualTo(1e-6));
        var net = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "network.json")))!;
        Assert.That((string?)net["conventions"]!["loss"], Does.Contain(convention));
    }

    [Test]
    public void HuberExampleAgreesBetweenNativeAndCvxopt()
    {
        // Independent route: a second backend (CVXOPT's own interior-point method) on the same compiled program.
        var native = CliRunner.Run("solve", CliRunner.Example("spline1d_huber.cnn"), "--json").Json;
        var cvxopt = CliRunner.Run("solve", CliRunner.Example("spline1d_huber.cnn"), "--json", "--backend", "cvxopt").Json;
        Assert.That((string?)native["status"], Is.EqualTo("optimal"));
        Assert.That((string?)cvxopt["status"], Is.EqualTo("optimal"));
        double a = (double)native["objective"]!, b = (double)cvxopt["objective"]!;
        Assert.That(Math.Abs(a - b) / a, Is.LessThanOrEqualTo(1e-6), $"native {a} vs cvxopt {b}");
        Assert.That(Math.Abs((double)native["nonconvex_objective"]! - a) / a, Is.LessThanOrEqualTo(1e-6), "recovered network attains the optimum");
    }

    [Test]
    public void BadDeltaIsABadInputExit()
    {
        using var dir = new TempDir();
        var model = dir.Write("m.cnn", "model m {\n  data \"d.csv\" target y\n  network { input; relu 2; output 1 }\n  loss huber delta 0\n}\n");
        var r = CliRunner.Run("solve", model);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error + r.Out, Does.Contain("m.cnn:4:20: error CNN1115"));
    }
}
