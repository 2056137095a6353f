using System.Globalization;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>The solve report's dual line: the dual objective recomputed from the returned y, and primal − dual.</summary>
public class DualityReportTests
{
    [TestCase("spline1d.cnn")]
    [TestCase("hinge")]
    public void TextAndJsonReportTheDualObjectiveAndTheDualityGap(string example)
    {
        using var dir = new TempDir();
        var path = example == "hinge" ? SmallHingeModel(dir) : CliRunner.Example(example);
        var json = CliRunner.Run("solve", path, "--json").Json;
        var text = CliRunner.Run("solve", path).Out;
        double primal = (double)json["objective"]!, dual = (double)json["dual_objective"]!;
        // Weak duality with the solver's accuracy (gap tolerance 1e-8 relative): dual ≤ primal, and close at an optimum.
        Assert.That(dual, Is.LessThanOrEqualTo(primal + 1e-7 * (1 + Math.Abs(primal))));
        Assert.That(primal - dual, Is.LessThanOrEqualTo(1e-6 * (1 + Math.Abs(primal))));
        Assert.That((double)json["duality_gap"]!, Is.EqualTo(primal - dual).Within(1e-15));
        var line = text.Split('\n').Single(l => l.StartsWith("dual       objective "));
        Assert.That(line, Does.StartWith($"dual       objective {dual.ToString("G12", CultureInfo.InvariantCulture)}, duality gap "));
        Assert.That(line, Does.EndWith("(primal − dual, both recomputed from the returned x and y)"));
    }

    /// <summary>Examples/xor.csv with 30 sampled patterns: a hinge-loss (LP) program that solves in well under a second.</summary>
    internal static string SmallHingeModel(TempDir dir)
    {
        dir.Write("xor.csv", File.ReadAllText(CliRunner.Example("xor.csv")));
        return dir.Write("m.cnn", """
            model small_xor {
              data "xor.csv" target label
              network {
                input bias
                relu 8
                output 1
              }
              loss hinge
              regularize weight_decay 0.01
              arrangements sample 30 seed 3
            }
            """);
    }
}
