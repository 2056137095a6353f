using System.Globalization;
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
        var model = TwoFeatureModel.Write(dir, "m.cnn", "d.csv", 20, 8, (a, b) => Math.Abs(a) + b, $"{network} 8", 0.1,
            "sample 10 seed 1", $"solve native method {method}", spread: 0.5);
        var r = CliRunner.Run("solve", model, "--json", "--time-limit", "0");
        Assert.That((string?)r.Json["status"], Is.EqualTo("time_limit"), r.Error + r.Out);
        Assert.That((int)r.Json["iterations"]!, Is.EqualTo(0));
        // Θ = 0: the network predicts 0, so its objective is ½Σy² — a closed form independent of the solver.
        double halfSumSquares = 0.5 * File.ReadLines(Path.Combine(dir.Path, "d.csv")).Skip(1)
            .Sum(l => Math.Pow(double.Parse(l.Split(',')[2], CultureInfo.InvariantCulture), 2));
        Assert.That((double)r.Json["nonconvex_objective"]!, Is.EqualTo(halfSumSquares).Within(1e-9 * halfSumSquares));
    }
}
