using System.Globalization;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>The CNN example models, through the command line: parsed, compiled, solved, checked.</summary>
public class CnnExampleTests
{
    [Test]
    public void RisesTwoLayerCnnIsTheGlobalOptimum()
    {
        var r = CliRunner.Run("solve", CliRunner.Example("rises_cnn.cnn"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        var j = r.Json;
        Assert.That((string?)j["architecture"], Is.EqualTo("two_layer_cnn"));
        Assert.That((bool)j["exact"]!, Is.True, "sum pooling is exact and the patterns are complete");
        double objective = (double)j["objective"]!, recovered = (double)j["nonconvex_objective"]!;
        Assert.That(Math.Abs(recovered - objective) / objective, Is.LessThanOrEqualTo(1e-6), "recovered CNN = convex optimum");
        Assert.That((double)j["lower_bound"]!, Is.EqualTo(objective));

        // Independent route: the same CNN trained as a non-convex network by Adam from 20 random starts
        // (Tests/Support/ConvPoolTrainer, which cuts its own patches and shares no code with the compiler).
        var (x, y) = ReadCsv(CliRunner.Example("rises.csv"));
        double best = ConvPoolTrainer.BestObjective(x, y, ConvPoolTrainer.Signal(6, 2), ConvPoolTrainer.Pool.Sum,
            hinge: false, beta: 0.01, new ConvPoolTrainer.Options(Width: 8, Restarts: 20, Steps: 4000));
        TestContext.Out.WriteLine($"convex {objective:G10}, recovered {recovered:G10}, best of 20 Adam restarts {best:G10}");
        Assert.That(best, Is.GreaterThanOrEqualTo(objective * (1 - 1e-6)), "no trained network beats the global optimum");
        Assert.That((best - objective) / objective, Is.LessThanOrEqualTo(1e-2), "and the best restart comes close to it");
    }

    [Test]
    public void SignalsCircularReportsItsSingleActiveFrequencyPairAndNoFalseExactness()
    {
        var r = CliRunner.Run("solve", CliRunner.Example("signals_circular.cnn"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        var j = r.Json;
        Assert.That((string?)j["architecture"], Is.EqualTo("circular_cnn"));
        // Sampled patterns: the program is exact over its cones, but nothing certifies the global optimum.
        Assert.That((bool)j["exact"]!, Is.False);
        Assert.That(j["lower_bound"], Is.Null);
        Assert.That((double)j["upper_bound"]!, Is.EqualTo((double)j["nonconvex_objective"]!));
        // The labels are the amplitude of one tone at frequency 3 (Examples/make_data.py): every optimal filter
        // lives on that conjugate pair.
        var frequencies = j["active_frequencies"]!.AsArray();
        Assert.That(frequencies, Has.Count.EqualTo(1));
        Assert.That((int)frequencies[0]!["frequency"]!, Is.EqualTo(3));
        Assert.That((double)frequencies[0]!["share"]!, Is.EqualTo(1).Within(1e-6));
    }

    [Test]
    public void ATightRelaxationOverSampledPatternsIsNotCalledGlobal()
    {
        // Deep circular CNN (math.md §5.6, a lower-bound program) on the one-tone data: the recovered network meets the
        // relaxation's value, but over sampled patterns that is only the optimum over those cones.
        using var dir = new TempDir();
        File.Copy(CliRunner.Example("signals.csv"), Path.Combine(dir.Path, "signals.csv"));
        var model = dir.Write("deep.cnn", """
            model deep {
              data "signals.csv" target label
              network {
                input signal 16
                conv circular filters 8 size 16 unit_norm
                conv circular filters 8 size 16 unit_norm
                dense relu
                output 1
                relaxation
              }
              loss squared
              regularize weight_decay 0.001
              arrangements sample 50 seed 1
            }
            """);
        var text = CliRunner.Run("solve", model);
        Assert.That(text.ExitCode, Is.EqualTo(0), text.Error);
        Assert.That(text.Out, Does.Contain("relaxation over sampled patterns: neither bound is certified"));
        Assert.That(text.Out, Does.Not.Contain("the optimum is global"));
        var j = CliRunner.Run("solve", model, "--json").Json;
        Assert.That((string?)j["program_claim"], Is.EqualTo("lower_bound"));
        Assert.That((bool)j["exact"]!, Is.False);
        Assert.That(j["lower_bound"], Is.Null);
    }

    private static (double[][] X, double[] Y) ReadCsv(string path)
    {
        var rows = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        return (rows.Select(r => r[..^1]).ToArray(), rows.Select(r => r[^1]).ToArray());
    }
}
