using System.Globalization;
using System.Text.Json.Nodes;
using ConicDsl.Backends.Scs;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>
/// <c>regularize weight_decay path A .. B steps N</c> through the CLI. References: separately compiled single-β models
/// (the same CLI, one model file per β), and facts that hold for the optimal value p*(β) = min_θ L(θ) + (β/2)·‖θ‖²
/// whatever the solver: it is an infimum of functions affine and nondecreasing in β, hence nondecreasing and concave.
/// </summary>
public class RegularizationPathTests
{
    private static string SplineData => CliRunner.Example("spline1d.csv");

    private static string ModelText(string regularize, string solve = "native tolerance 1e-8") => $$"""
        model p {
          data "{{SplineData}}" target y
          network {
            input bias unregularized
            relu 32
            output 1
          }
          loss squared
          {{regularize}}
          arrangements exact
          solve {{solve}}
        }
        """;

    private static JsonArray SolvePath(TempDir dir, string regularize, params string[] extra)
    {
        var model = dir.Write("path.cnn", ModelText(regularize));
        var r = CliRunner.Run(["solve", model, "--json", .. extra]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        return r.Json.AsArray();
    }

    private static double D(JsonNode? n) => n!.GetValue<double>();

    [Test]
    public void EveryPointEqualsASeparatelyCompiledSingleSolve()
    {
        using var dir = new TempDir();
        var path = SolvePath(dir, "regularize weight_decay path 0.001 .. 0.3 steps 4");
        Assert.That(path, Has.Count.EqualTo(4));
        foreach (var point in path)
        {
            double beta = D(point!["beta"]);
            var single = dir.Write("single.cnn", ModelText($"regularize weight_decay {beta.ToString("R", CultureInfo.InvariantCulture)}"));
            var r = CliRunner.Run("solve", single, "--json");
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
            double expected = D(r.Json["objective"]);
            Assert.That(D(point["objective"]), Is.EqualTo(expected).Within(1e-6 * Math.Max(1, Math.Abs(expected))), $"beta {beta}");
            Assert.That(D(point["nonconvex_objective"]), Is.EqualTo(expected).Within(1e-6 * Math.Max(1, Math.Abs(expected))), $"beta {beta}");
            Assert.That(point["status"]!.GetValue<string>(), Is.EqualTo("optimal"));
            Assert.That(point["global"]!.GetValue<bool>(), Is.True);
        }
    }

    [Test]
    public void TheOptimalValueIsNondecreasingAndConcaveInBeta()
    {
        var r = CliRunner.Run("solve", CliRunner.Example("spline1d_path.cnn"), "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        var points = r.Json.AsArray();
        Assert.That(points, Has.Count.EqualTo(20));
        var beta = points.Select(p => D(p!["beta"])).ToArray();
        var value = points.Select(p => D(p!["objective"])).ToArray();
        // The IPM stops at relative gap 1e-8: 1e-7·(1 + p) bounds each value's error with room to spare.
        double Error(int k) => 1e-7 * (1 + Math.Abs(value[k]));
        for (int k = 0; k + 1 < beta.Length; k++)
            Assert.That(value[k + 1], Is.GreaterThanOrEqualTo(value[k] - Error(k) - Error(k + 1)), $"p* decreased between beta {beta[k]} and {beta[k + 1]}");
        for (int k = 0; k + 2 < beta.Length; k++)
        {
            double left = (value[k + 1] - value[k]) / (beta[k + 1] - beta[k]);
            double right = (value[k + 2] - value[k + 1]) / (beta[k + 2] - beta[k + 1]);
            double slack = (Error(k) + Error(k + 1)) / (beta[k + 1] - beta[k]) + (Error(k + 1) + Error(k + 2)) / (beta[k + 2] - beta[k + 1]);
            Assert.That(right, Is.LessThanOrEqualTo(left + slack), $"p* is not concave around beta {beta[k + 1]}");
        }
    }

    [Test]
    public void EveryNetworkOfThePathAttainsItsOptimumAndSoDoesASplineWithKnotsAtTrainingInputs()
    {
        // math.md §9.3 (unregularized bias): an optimal network whose knots are training inputs exists. The solver's
        // network need not be that one (a knot between two adjacent inputs costs the same as the split at both ends, so
        // the optimum is not unique), so each written network is snapped to the inputs (SplineSnap, test code) and both
        // objectives are recomputed from the network files, not from the compiler's objects.
        using var dir = new TempDir();
        var output = Path.Combine(dir.Path, "out");
        var path = SolvePath(dir, "regularize weight_decay path 0.003 .. 0.3 steps 3", "-o", output);
        var rows = File.ReadAllLines(SplineData).Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var x = rows.Select(r => r[0]).ToArray();
        var y = rows.Select(r => r[1]).ToArray();
        for (int k = 1; k <= path.Count; k++)
        {
            var file = JsonNode.Parse(File.ReadAllText(Path.Combine(output, $"network_{k:D2}.json")))!;
            double beta = D(file["conventions"]!["beta"]);
            Assert.That(beta, Is.EqualTo(D(path[k - 1]!["beta"])));
            var layers = file["layers"]!.AsArray();
            var w = layers[0]!["weights"]!.AsArray().Select(row => D(row!.AsArray()[0])).ToArray();
            var b = layers[0]!["biases"]!.AsArray().Select(D).ToArray();
            var a = layers[1]!["weights"]!.AsArray().Select(D).ToArray();
            var network = new SplineSnap.Network(w.Select((wj, j) => new SplineSnap.Unit(wj, b[j], a[j])).ToList(), D(layers[1]!["bias"]));
            double optimum = D(path[k - 1]!["objective"]);
            double tolerance = 1e-6 * Math.Max(1, optimum);
            Assert.That(network.Objective(x, y, beta), Is.EqualTo(optimum).Within(tolerance), $"network {k} as written");

            var snapped = SplineSnap.Snap(network, x);
            Assert.That(snapped.Units.Select(u => x.Min(v => Math.Abs(v - u.Knot))), Is.All.LessThanOrEqualTo(1e-12));
            Assert.That(snapped.Objective(x, y, beta), Is.EqualTo(optimum).Within(tolerance), $"network {k} snapped to the inputs");
        }
        Assert.That(File.Exists(Path.Combine(output, "path.json")), Is.True);
        Assert.That(JsonNode.Parse(File.ReadAllText(Path.Combine(output, "path.json")))!.AsArray(), Has.Count.EqualTo(3));
    }

    [Test]
    public void ScsStartsEachBetaFromThePreviousAndAgreesWithTheNativeSolver()
    {
        Assume.That(new ScsBackend().MissingReason(), Is.Null, "SCS is not installed here");
        using var dir = new TempDir();
        const string regularize = "regularize weight_decay path 0.05 .. 0.2 steps 3";
        var native = SolvePath(dir, regularize);
        var scs = SolvePath(dir, regularize, "--backend", "scs");
        Assert.That(scs.Select(p => p!["warm_start"]!.GetValue<bool>()), Is.EqualTo(new[] { false, true, true }));
        Assert.That(native.Select(p => p!["warm_start"]!.GetValue<bool>()), Is.All.False, "the native IPM takes no warm start");
        for (int k = 0; k < 3; k++)
        {
            double expected = D(native[k]!["objective"]);
            Assert.That(D(scs[k]!["objective"]), Is.EqualTo(expected).Within(1e-6 * Math.Max(1, expected)), $"beta {D(native[k]!["beta"])}");
        }
    }

    [Test]
    public void APathCannotBeComparedAcrossBackends()
    {
        using var dir = new TempDir();
        var model = dir.Write("path.cnn", ModelText("regularize weight_decay path 0.01 .. 0.1 steps 2"));
        var r = CliRunner.Run("solve", model, "--backend", "all");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error, Does.Contain("regularization path"));
    }

    [Test]
    public void TheTextReportHasOneRowPerBeta()
    {
        using var dir = new TempDir();
        var model = dir.Write("path.cnn", ModelText("regularize weight_decay path 0.01 .. 0.1 steps 3"));
        var r = CliRunner.Run("solve", model);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Assert.That(r.Out, Does.Contain("no warm start"));
        var rows = r.Out.Split('\n').Where(l => l.Contains(" optimal ")).ToArray();
        Assert.That(rows, Has.Length.EqualTo(3), r.Out);
        Assert.That(rows[0].TrimStart(), Does.StartWith("0.01 "));
        Assert.That(rows[2].TrimStart(), Does.StartWith("0.1 "));
    }

    [Test]
    public void CompileWritesTheProgramOfTheFirstBetaAndSaysSo()
    {
        // Reference: the same model written with that single β, compiled separately; the two files must be equal.
        using var dir = new TempDir();
        var pathModel = dir.Write("path.cnn", ModelText("regularize weight_decay path 0.02 .. 0.5 steps 4"));
        var singleModel = dir.Write("single.cnn", ModelText("regularize weight_decay 0.02"));
        var a = CliRunner.Run("compile", pathModel, "-o", Path.Combine(dir.Path, "a.json"));
        var b = CliRunner.Run("compile", singleModel, "-o", Path.Combine(dir.Path, "b.json"));
        Assert.That(a.ExitCode, Is.EqualTo(0), a.Error);
        Assert.That(b.ExitCode, Is.EqualTo(0), b.Error);
        Assert.That(a.Out, Does.Contain("program at its first beta (0.02)"));
        Assert.That(File.ReadAllText(Path.Combine(dir.Path, "a.json")), Is.EqualTo(File.ReadAllText(Path.Combine(dir.Path, "b.json"))));
    }
}
