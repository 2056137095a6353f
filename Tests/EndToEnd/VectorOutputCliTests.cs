using System.Globalization;
using System.Text.Json.Nodes;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>Vector outputs (math.md §7) through the CLI on Examples/iris.csv: the relaxation statement and the exactness
/// test in the report, the class order in network.json, and located refusals.</summary>
public class VectorOutputCliTests
{
    private static string IrisModel(int outputs, string extra = "") => $$"""
        model iris_small {
          data "{{CliRunner.Example("iris.csv")}}" target species features petal_length, petal_width standardize
          network {
            input bias
            relu 8
            output {{outputs}}
            relaxation
          }
          loss squared
          regularize weight_decay 1
          arrangements sample 6 seed 1
          {{extra}}
        }
        """;

    [Test]
    public void IrisPetalsReportTheRelaxationAndTheSavedNetworkReproducesTheObjective()
    {
        using var dir = new TempDir();
        var model = dir.Write("iris.cnn", IrisModel(3));
        var text = CliRunner.Run("solve", model);
        Assert.That(text.ExitCode, Is.EqualTo(0), text.Error + text.Out);
        Assert.That(text.Out, Does.Contain("nuclear-norm relaxation (math.md §7.2(1)) of the copositive program (§7.1, not tractable)"));
        Assert.That(text.Out, Does.Contain("cone test  math.md §7.2:"));
        Assert.That(text.Out, Does.Contain("exactness  "));
        Assert.That(text.Out, Does.Contain("outputs    3: one-hot of 'species' (0 / 1), outputs in ascending label order: 0, 1, 2"));

        var r = CliRunner.Run("solve", model, "--json", "-o", dir.Path);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        var j = r.Json;
        Assert.That((string?)j["architecture"], Is.EqualTo("vector_output_relu"));
        Assert.That((string?)j["program_claim"], Is.EqualTo("lower_bound"));
        Assert.That(j["relaxation_tight"], Is.Not.Null);
        Assert.That((double)j["accuracy"]!, Is.GreaterThan(0.9), "petal length and width separate the species well");
        Assert.That((double)j["nonconvex_objective"]!, Is.GreaterThanOrEqualTo((double)j["objective"]! - 1e-7),
            "over these patterns the recovered ReLU network is no better than the relaxation");

        // Independent route: the saved network run here from its JSON on the raw CSV gives the reported objective.
        var net = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "network.json")))!;
        var mean = net["input_transform"]!["mean"]!.AsArray().Select(v => (double)v!).ToArray();
        var scale = net["input_transform"]!["scale"]!.AsArray().Select(v => (double)v!).ToArray();
        var w = net["layers"]![0]!["weights"]!.AsArray().Select(a => a!.AsArray().Select(v => (double)v!).ToArray()).ToArray();
        var b = net["layers"]![0]!["biases"]!.AsArray().Select(v => (double)v!).ToArray();
        var v = net["layers"]![1]!["weights"]!.AsArray().Select(a => a!.AsArray().Select(e => (double)e!).ToArray()).ToArray();
        var classes = net["outputs"]!["classes"]!.AsArray().Select(e => (double)e!).ToArray();
        Assert.That(classes, Is.EqualTo(new[] { 0.0, 1.0, 2.0 }));
        double beta = (double)net["conventions"]!["beta"]!, loss = 0;
        foreach (var line in File.ReadAllLines(CliRunner.Example("iris.csv")).Skip(1))
        {
            var cells = line.Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            double z0 = (cells[2] - mean[0]) / scale[0], z1 = (cells[3] - mean[1]) / scale[1];
            for (int c = 0; c < 3; c++)
            {
                double f = 0;
                for (int i = 0; i < w.Length; i++) f += Math.Max(0, w[i][0] * z0 + w[i][1] * z1 + b[i]) * v[i][c];
                double target = cells[4] == classes[c] ? 1 : 0;
                loss += 0.5 * (f - target) * (f - target);
            }
        }
        double reg = Enumerable.Range(0, w.Length).Sum(i => w[i].Sum(e => e * e) + b[i] * b[i] + v[i].Sum(e => e * e));
        double nonConvex = (double)j["nonconvex_objective"]!;
        Assert.That(loss + 0.5 * beta * reg, Is.EqualTo(nonConvex).Within(1e-9 * (1 + nonConvex)));
    }

    [Test]
    public void ClassCountOtherThanTheOutputsIsALocatedBindingError()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("solve", dir.Write("iris.cnn", IrisModel(2)));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error + r.Out, Does.Contain("iris.cnn:2:").And.Contain("error CNN1220: the network has 2 outputs but the class-label column 'species' has 3 distinct values (0, 1, 2)"));
    }
}

/// <summary><c>relaxation tight</c> on all 150 flowers would add 39·150·149/2 rows: refused before any solver work.</summary>
public class TightRelaxationSizeTests
{
    [Test]
    public void TooManyTighteningRowsIsALocatedError()
    {
        using var dir = new TempDir();
        var model = dir.Write("iris.cnn", $$"""
            model iris_all_tight {
              data "{{CliRunner.Example("iris.csv")}}" target species standardize
              network {
                input bias
                relu 8
                output 3
                relaxation tight
              }
              loss squared
              regularize weight_decay 1
              arrangements sample 40 seed 1
            }
            """);
        var r = CliRunner.Run("solve", model);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error + r.Out, Does.Contain("iris.cnn:3:3: error CNN1221: 'relaxation tight' would add 435,825 rows (39 patterns × 150·149/2 sample pairs)"));
    }
}
