using System.Text.Json.Nodes;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>Examples/quadratic.cnn through the CLI: the SDP lift (math.md §8) is exact, the saved network reproduces
/// the reported objective from its JSON alone, and a second backend (CVXOPT) reaches the same optimum.</summary>
public class QuadraticExampleTests
{
    [Test]
    public void QuadraticExampleSolvesAndTheSavedNetworkReproducesTheObjective()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("solve", CliRunner.Example("quadratic.cnn"), "--json", "-o", dir.Path);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        var j = r.Json;
        Assert.That((string?)j["status"], Is.EqualTo("optimal"));
        Assert.That((string?)j["architecture"], Is.EqualTo("quadratic"));
        Assert.That((string?)j["program_claim"], Is.EqualTo("exact"));
        Assert.That((string?)j["regularizer"], Is.EqualTo("l1_output"));
        Assert.That((bool)j["global"]!, Is.True);
        double objective = (double)j["objective"]!, nonConvex = (double)j["nonconvex_objective"]!;
        Assert.That(Math.Abs(nonConvex - objective) / objective, Is.LessThanOrEqualTo(1e-6));
        Assert.That((double)j["train_error"]!, Is.EqualTo(0), "x1*x2 is a difference of two squares: the clusters separate");
        Assert.That((int)j["active_neurons"]!, Is.InRange(1, 8), "at most 2(d+1) = 8 neurons (math.md §8.2), the declared width");

        // The saved network, run here from its JSON alone: hinge loss + beta * sum |a_j|, unit-norm (w_j, b_j).
        var net = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "network.json")))!;
        var layer = net["layers"]![0]!;
        Assert.That((string?)layer["kind"], Is.EqualTo("dense_quadratic"));
        double sa = (double)layer["activation"]!["a"]!, sb = (double)layer["activation"]!["b"]!, sc = (double)layer["activation"]!["c"]!;
        var w = layer["weights"]!.AsArray().Select(v => v!.AsArray().Select(e => (double)e!).ToArray()).ToArray();
        var b = layer["biases"]!.AsArray().Select(v => (double)v!).ToArray();
        var a = net["layers"]![1]!["weights"]!.AsArray().Select(v => (double)v!).ToArray();
        double beta = (double)net["conventions"]!["beta"]!;
        for (int i = 0; i < a.Length; i++)
            Assert.That(w[i][0] * w[i][0] + w[i][1] * w[i][1] + b[i] * b[i], Is.EqualTo(1).Within(1e-12), "unit norm, bias included");
        var rows = File.ReadAllLines(CliRunner.Example("xor.csv")).Skip(1).Select(l => l.Split(',').Select(double.Parse).ToArray()).ToArray();
        var labels = rows.Select(l => l[2]).Distinct().OrderBy(v => v).ToArray();
        double loss = 0;
        foreach (var row in rows)
        {
            double f = 0;
            for (int i = 0; i < a.Length; i++)
            {
                double t = w[i][0] * row[0] + w[i][1] * row[1] + b[i];
                f += a[i] * (sa * t * t + sb * t + sc);
            }
            loss += Math.Max(0, 1 - (row[2] == labels[1] ? 1 : -1) * f);
        }
        Assert.That(loss + beta * a.Sum(Math.Abs), Is.EqualTo(nonConvex).Within(1e-9 * (1 + nonConvex)));

        var cvxopt = CliRunner.Run("solve", CliRunner.Example("quadratic.cnn"), "--json", "--backend", "cvxopt");
        Assert.That(cvxopt.ExitCode, Is.EqualTo(0), cvxopt.Error);
        Assert.That((double)cvxopt.Json["objective"]!, Is.EqualTo(objective).Within(1e-6 * objective), "second backend");
    }

    [Test]
    public void WeightDecayOnAQuadraticLayerExitsWithALocatedDiagnostic()
    {
        using var dir = new TempDir();
        File.Copy(CliRunner.Example("xor.csv"), Path.Combine(dir.Path, "xor.csv"));
        var model = File.ReadAllText(CliRunner.Example("quadratic.cnn")).Replace("regularize l1_output", "regularize weight_decay");
        dir.Write("q.cnn", model);
        var r = CliRunner.Run("solve", Path.Combine(dir.Path, "q.cnn"));
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Error);
        Assert.That(r.Error, Does.Contain("error CNN1117").And.Contain("regularize l1_output 0.01"));
        Assert.That(r.Error, Does.Not.Contain("   at "), "no stack trace");
    }
}
