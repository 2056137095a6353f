using System.Globalization;
using ConicDsl.Backends.Native;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>
/// 'conicdsl predict NETWORK.json DATA.csv': a saved network, run on its raw training CSV, predicts what the
/// recovered network predicts on the bound training data. Reference: the in-process recovered network's Predict
/// (the compiler's own forward pass on the standardized data), never the file read back.
/// </summary>
public class PredictCliTests
{
    private static readonly Dictionary<string, (string Csv, string Model)> Models = new()
    {
        ["two_layer_relu"] = ("spline1d.csv", """
            model m { data "spline1d.csv" target y standardize
              network { input bias unregularized
                relu 16
                output 1 }
              loss squared
              regularize weight_decay 0.01
              arrangements exact
            }
            """),
        ["gated_relu"] = ("xor.csv", """
            model m { data "xor.csv" target label
              network { input bias
                gated_relu 12
                output 1 }
              loss hinge
              regularize weight_decay 0.001
              arrangements sample 60 seed 7
            }
            """),
        ["quadratic"] = ("xor.csv", """
            model m { data "xor.csv" target label
              network { input bias
                quadratic 8 coefficients 1 0.5 0.2
                output 1 }
              loss hinge
              regularize l1_output 0.01
            }
            """),
        ["vector_output_relu"] = ("iris30.csv", """
            model m { data "iris30.csv" target species standardize
              network { input bias
                relu 8
                output 3
                relaxation }
              loss squared
              regularize weight_decay 1
              arrangements sample 8 seed 1
            }
            """),
        ["two_layer_cnn"] = ("rises.csv", """
            model m { data "rises.csv" target rise
              network { input signal 6
                conv filters 4 size 2 relu
                pool max
                output 1 }
              loss squared
              regularize weight_decay 0.01
              arrangements sample 20 seed 3
            }
            """),
        ["three_layer_cnn"] = ("rises.csv", """
            model m { data "rises.csv" target rise
              network { input signal 6
                conv local filters 4 size 2 unit_norm relu
                dense relu
                output 1 }
              loss squared
              regularize weight_decay 0.01
              arrangements sample 10 seed 3
            }
            """),
        ["circular_cnn"] = ("signals.csv", """
            model m { data "signals.csv" target label
              network { input signal 16
                conv circular filters 8 size 16 unit_norm
                dense relu
                output 1 }
              loss squared
              regularize weight_decay 0.001
              arrangements sample 30 seed 1
            }
            """),
        ["circular_cnn (linear)"] = ("signals.csv", """
            model m { data "signals.csv" target label
              network { input signal 16
                conv circular filters 4 size 16
                output 1 }
              loss squared
              regularize weight_decay 0.001
            }
            """),
    };

    [TestCase("two_layer_relu")]
    [TestCase("gated_relu")]
    [TestCase("quadratic")]
    [TestCase("vector_output_relu")]
    [TestCase("two_layer_cnn")]
    [TestCase("three_layer_cnn")]
    [TestCase("circular_cnn")]
    [TestCase("circular_cnn (linear)")]
    public void SavedNetworkPredictsWhatTheRecoveredNetworkPredicts(string architecture)
    {
        using var dir = new TempDir();
        var (csv, text) = Models[architecture];
        File.Copy(CliRunner.Example(csv), Path.Combine(dir.Path, csv));
        var modelPath = dir.Write("m.cnn", text);
        var loaded = ModelFrontEnd.Load(modelPath, text, ConicDsl.Backends.BackendRegistry.Catalog());
        Assert.That(loaded.Model, Is.Not.Null, string.Join("\n", loaded.Diagnostics.Select(d => d.FormatWithHint())));
        var (compiled, diagnostics) = ModelCompiler.Compile(loaded.Model!);
        Assert.That(compiled, Is.Not.Null, string.Join("\n", diagnostics.Select(d => d.FormatWithHint())));
        Assert.That(architecture, Does.StartWith(compiled!.Lowered.Architecture));
        var result = new NativeBackend().Solve(compiled.Lowered.Program, new ConicDsl.Backends.SolverSettings());
        var network = compiled.Lowered.Recovery.Recover(result.X.AsSpan()).Network;
        var networkPath = dir.Write("network.json", NetworkJson.Write(network, compiled.Model, compiled.Data, 0, result.PrimalObjective));

        var outPath = Path.Combine(dir.Path, "predictions.csv");
        var run = CliRunner.Run("predict", networkPath, Path.Combine(dir.Path, csv), "-o", outPath);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);

        var expected = network.Predict(compiled.Data);
        var lines = File.ReadAllLines(outPath);
        int c = network.Outputs;
        Assert.That(lines, Has.Length.EqualTo(compiled.Data.Samples + 1));
        for (int k = 0; k < compiled.Data.Samples; k++)
        {
            var cells = lines[k + 1].Split(',');
            for (int o = 0; o < c; o++)
            {
                double got = double.Parse(cells[o], CultureInfo.InvariantCulture);
                Assert.That(got, Is.EqualTo(expected[k * c + o]).Within(1e-9 * (1 + Math.Abs(expected[k * c + o]))), $"row {k}, output {o}");
            }
        }
        if (compiled.Data.Labels is { } labels)
        {
            // The label column follows network.json's rule: the positive label when f(x) >= 0.
            Assert.That(lines[0], Does.EndWith(",predicted_label"));
            for (int k = 0; k < compiled.Data.Samples; k++)
                Assert.That(double.Parse(lines[k + 1].Split(',')[1], CultureInfo.InvariantCulture),
                    Is.EqualTo(expected[k] >= 0 ? labels.Positive : labels.Negative));
        }
        if (c > 1) Assert.That(lines[0], Does.EndWith(",predicted_class"));
    }

    [Test]
    public void AMissingFeatureColumnIsLocatedInTheDataFile()
    {
        using var dir = new TempDir();
        var networkPath = dir.Write("network.json", """
            { "architecture": "two_layer_relu", "features": ["x", "z"],
              "layers": [ { "kind": "dense_relu", "weights": [[1, 2]], "biases": [0] },
                          { "kind": "dense_linear", "weights": [1], "bias": 0 } ]
            }
            """);
        var data = dir.Write("d.csv", "x,y\n1,2\n3,4\n");
        var run = CliRunner.Run("predict", networkPath, data);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("d.csv:1:1: error CNN1203").And.Contain("'z'"));
        Assert.That(run.Out, Is.Empty);
    }

    [Test]
    public void AMissingDataFileIsADiagnosticNotACrash()
    {
        using var dir = new TempDir();
        var networkPath = dir.Write("network.json", """
            { "architecture": "two_layer_relu", "features": ["x"],
              "layers": [ { "kind": "dense_relu", "weights": [[1]], "biases": [0] },
                          { "kind": "dense_linear", "weights": [1], "bias": 0 } ] }
            """);
        var run = CliRunner.Run("predict", networkPath, Path.Combine(dir.Path, "absent.csv"));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Error);
        Assert.That(run.Error, Does.Contain("absent.csv: error CNN1201"));
    }

    [Test]
    public void AHandWrittenNetworkPredictsByItsFormula()
    {
        // Reference: f(x) = 2·max(0, x − 1) − 1·max(0, −x) + 0.5, evaluated by hand.
        using var dir = new TempDir();
        var networkPath = dir.Write("network.json", """
            { "architecture": "two_layer_relu", "features": ["x"],
              "layers": [ { "kind": "dense_relu", "weights": [[1], [-1]], "biases": [-1, 0] },
                          { "kind": "dense_linear", "weights": [2, -1], "bias": 0.5 } ]
            }
            """);
        var run = CliRunner.Run("predict", networkPath, dir.Write("d.csv", "x\n3\n-2\n0.5\n"));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "prediction", "4.5", "-1.5", "0.5" }));
    }

    [TestCase("{ \"architecture\": \"two_layer_relu\", \"features\": [\"x\"] }", "CNN3003", "missing field 'layers'")]
    [TestCase("{ \"architecture\": \"two_layer_relu\", \"features\": [\"x\"], \"layers\": [ { \"kind\": \"dense_relu\", \"weights\": [[1, 2]], \"biases\": [0] }, { \"kind\": \"dense_linear\", \"weights\": [1], \"bias\": 0 } ] }", "CNN3004", "layers[0].weights[0]")]
    [TestCase("{ \"architecture\": \"two_layer_relu\", \"features\": [\"x\"], \"layers\": [ { \"kind\": \"dense_relu\", \"weights\": [[1]] }, { \"kind\": \"dense_linear\", \"weights\": [1], \"bias\": 0 } ] }", "CNN3003", "missing field 'biases'")]
    [TestCase("{ \"architecture\": \"deep_mystery\", \"features\": [\"x\"], \"layers\": [] }", "CNN3005", "cannot run")]
    [TestCase("{ \"architecture\": ", "CNN3002", "not valid JSON")]
    public void ABadNetworkFileIsALocatedDiagnosticAndExit2(string json, string id, string message)
    {
        using var dir = new TempDir();
        var run = CliRunner.Run("predict", dir.Write("network.json", json), dir.Write("d.csv", "x\n1\n2\n"));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Error);
        Assert.That(run.Error, Does.Contain($"network.json:").And.Contain($"error {id}").And.Contain(message));
        Assert.That(run.Error, Does.Not.Contain("   at "));
    }
}
