using System.Globalization;
using System.Text;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary><c>--time-limit</c> reaches the first-order methods: at the limit they stop with the point reached
/// (status time_limit, a network still recovered) instead of running on to their iteration limit.</summary>
public class FirstOrderTimeLimitTests
{
    [TestCase("gated_relu", "fista")]
    [TestCase("relu", "al")]
    public void ZeroTimeLimitStopsBeforeTheFirstIterationWithARecoveredNetwork(string network, string method)
    {
        using var dir = new TempDir();
        var rng = new Random(8);
        var csv = new StringBuilder("a,b,y\n");
        for (int s = 0; s < 20; s++)
        {
            double a = rng.NextDouble() - 0.5, b = rng.NextDouble() - 0.5;
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{a:R},{b:R},{Math.Abs(a) + b:R}"));
        }
        dir.Write("d.csv", csv.ToString());
        var model = dir.Write("m.cnn", $$"""
            model m {
              data "d.csv" target y
              network {
                input bias
                {{network}} 8
                output 1
              }
              loss squared
              regularize weight_decay 0.1
              arrangements sample 10 seed 1
              solve native method {{method}}
            }
            """);
        var r = CliRunner.Run("solve", model, "--json", "--time-limit", "0");
        Assert.That((string?)r.Json["status"], Is.EqualTo("time_limit"), r.Error + r.Out);
        Assert.That((int)r.Json["iterations"]!, Is.EqualTo(0));
        // Θ = 0: the network predicts 0, so its objective is ½Σy² — a closed form independent of the solver.
        double halfSumSquares = 0.5 * File.ReadLines(Path.Combine(dir.Path, "d.csv")).Skip(1)
            .Sum(l => Math.Pow(double.Parse(l.Split(',')[2], CultureInfo.InvariantCulture), 2));
        Assert.That((double)r.Json["nonconvex_objective"]!, Is.EqualTo(halfSumSquares).Within(1e-9 * halfSumSquares));
    }
}
