using ConicDsl.Compiler.Recovery;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>
/// <c>solve --plot FILE.png</c>: the files are checked as a reader would (PNG header read byte by byte, pixels decoded
/// by SkiaSharp), and the knots the 1-D plot marks are checked against math.md §9.3.
/// </summary>
public class PlotTests
{
    private static void AssertDrawn(string png, int width, int height)
    {
        Assert.That(File.Exists(png), Is.True, "the plot was not written");
        Assert.That(PngImage.Header(png), Is.EqualTo((width, height)));
        Assert.That(PngImage.DistinctColours(png), Is.GreaterThan(1), "the image is blank");
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(png)!, ".*.tmp"), Is.Empty, "a temporary file was left behind");
    }

    [Test]
    public void OneInputDrawsTheFitAtTheRequestedSize()
    {
        using var dir = new TempDir();
        var png = Path.Combine(dir.Path, "fit.png");
        var r = CliRunner.Run("solve", CliRunner.Example("spline1d.cnn"), "--plot", png, "--plot-size", "640x480");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        AssertDrawn(png, 640, 480);
        Assert.That(r.Out, Does.Contain($"wrote      {png}"));
    }

    [Test]
    public void TwoInputClassifierDrawsBothDecisionRegions()
    {
        using var dir = new TempDir();
        var png = Path.Combine(dir.Path, "xor.png");
        var r = CliRunner.Run("solve", CliRunner.Example("xor.cnn"), "--plot", png, "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        AssertDrawn(png, 800, 600);
        Assert.That(r.Json["files"]!.AsArray().Select(f => f!.GetValue<string>()), Does.Contain(png));
        // XOR has points of both labels in every quadrant's neighbourhood: a classifier with no training error must
        // predict both signs, so both region tints cover a visible share of the image. The tints are ScottPlot's
        // Category10 colours C0 #1f77b4 and C1 #ff7f0e at alpha 0.25 over white: 255 − 0.25·(255 − c) per channel.
        Assert.That(PngImage.Fraction(png, new SkiaSharp.SKColor(0xC7, 0xDD, 0xEC), 8), Is.GreaterThan(0.05), "the f < 0 region");
        Assert.That(PngImage.Fraction(png, new SkiaSharp.SKColor(0xFF, 0xDF, 0xC3), 8), Is.GreaterThan(0.05), "the f >= 0 region");
    }

    [Test]
    public void ConvergenceDrawsTheNativeSolversResidualsPerIteration()
    {
        using var dir = new TempDir();
        var png = Path.Combine(dir.Path, "convergence.png");
        var r = CliRunner.Run("solve", CliRunner.Example("spline1d.cnn"), "--plot-convergence", png, "--plot-size", "600x400");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        AssertDrawn(png, 600, 400);
        // The three series in ScottPlot's Category10 colours C0, C1, C2 (#1f77b4, #ff7f0e, #2ca02c).
        Assert.That(PngImage.Fraction(png, new SkiaSharp.SKColor(0x1F, 0x77, 0xB4), 8), Is.GreaterThan(0.001), "primal residual");
        Assert.That(PngImage.Fraction(png, new SkiaSharp.SKColor(0xFF, 0x7F, 0x0E), 8), Is.GreaterThan(0.001), "dual residual");
        Assert.That(PngImage.Fraction(png, new SkiaSharp.SKColor(0x2C, 0xA0, 0x2C), 8), Is.GreaterThan(0.001), "gap");
    }

    [Test]
    public void ConvergenceOfABackendWithoutHistoryIsAWarning()
    {
        using var dir = new TempDir();
        var png = Path.Combine(dir.Path, "convergence.png");
        var r = CliRunner.Run("solve", CliRunner.Example("spline1d.cnn"), "--backend", "cvxopt", "--plot-convergence", png);
        Assert.That(r.Error, Does.Contain($"warning: --plot-convergence {png} not written: backend 'cvxopt' records no per-iteration history"));
        Assert.That(File.Exists(png), Is.False);
    }

    [Test]
    public void APathDrawsObjectiveAndUnitsAgainstBeta()
    {
        using var dir = new TempDir();
        var png = Path.Combine(dir.Path, "path.png");
        var model = dir.Write("p.cnn", File.ReadAllText(CliRunner.Example("spline1d_path.cnn"))
            .Replace("\"spline1d.csv\"", $"\"{CliRunner.Example("spline1d.csv")}\"")
            .Replace("steps 20", "steps 3"));
        var r = CliRunner.Run("solve", model, "--plot", png);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        AssertDrawn(png, 800, 600);
    }

    [Test]
    public void AnInputWithNoPlotKindWarnsAndStillSolves()
    {
        using var dir = new TempDir();
        dir.Write("d.csv", "a,b,c,y\n0,0,1,0.5\n1,0,0,-1\n0,1,0,2\n1,1,1,0\n0.5,0.2,0.1,1\n");
        var model = dir.Write("m.cnn", "model three { data \"d.csv\" target y\n network { input bias\n relu 4\n output 1 }\n loss squared\n regularize weight_decay 0.1\n arrangements sample 20 seed 1 }\n"
            .Replace(" network {", "\nnetwork {").Replace("}\n loss", "}\nloss"));
        var png = Path.Combine(dir.Path, "none.png");
        var r = CliRunner.Run("solve", model, "--plot", png);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Out + r.Error);
        Assert.That(r.Error, Does.Contain("warning: --plot").And.Contain("no plot kind exists for 3 input features"));
        Assert.That(File.Exists(png), Is.False);
        Assert.That(r.Out, Does.Contain("objective"));
    }

    [TestCase("800")]
    [TestCase("800x")]
    [TestCase("10x10")]
    [TestCase("100000x600")]
    public void ABadPlotSizeIsRefusedBeforeSolving(string size)
    {
        var r = CliRunner.Run("solve", CliRunner.Example("spline1d.cnn"), "--plot", "x.png", "--plot-size", size);
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error, Does.Contain("--plot-size"));
        Assert.That(r.Out, Is.Empty);
    }

    [Test]
    public void AnUnwritablePlotPathIsAnError()
    {
        using var dir = new TempDir();
        var blocker = dir.Write("file", "not a folder");
        var r = CliRunner.Run("solve", CliRunner.Example("spline1d.cnn"), "--plot", Path.Combine(blocker, "fit.png"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error, Does.Contain("cannot write the plot"));
        Assert.That(r.Out, Does.Contain("objective"), "the solve is still reported");
    }

    [Test]
    public void TheKnotsMarkedOnA1DPlotAreWhereTheFunctionBends()
    {
        // What the 1-D plot marks (SplineKnots) against the network run forward: at each knot the slope of f jumps by
        // Σ α_j·|w_j| over the neurons bending there, measured by finite differences of Predict; halfway between two
        // neighbouring knots f is straight (no unmarked bend).
        var rng = new Random(11);
        var x = Pipeline.RandomPoints(rng, 10, 1, 2).OrderBy(p => p[0]).ToArray();
        var y = x.Select(p => Math.Sin(2 * p[0]) + 0.1 * (rng.NextDouble() - 0.5)).ToArray();
        var solved = Pipeline.Solve(x, y, LossKind.Squared, 0.05, BiasMode.Unregularized);
        var network = (TwoLayerReluNetwork)solved.Recovery.Network;
        var knots = SplineKnots.Of(network);
        Assert.That(knots, Is.Not.Empty);
        double F(double t) => network.Predict([t]);
        var distinct = knots.Select(k => k.X).Distinct().ToArray();
        double gap = distinct.Zip(distinct.Skip(1), (p, q) => q - p).Append(1.0).Min();
        Assume.That(gap, Is.GreaterThan(1e-6), "two knots too close to measure apart");
        double h = gap / 100;
        foreach (var group in knots.GroupBy(k => k.X))
        {
            double at = group.Key;
            double jump = (F(at + h) - F(at)) / h - (F(at) - F(at - h)) / h;
            double expected = group.Sum(k => k.Neuron.OutputWeight * Math.Abs(k.Neuron.Weights[0]));
            Assert.That(jump, Is.EqualTo(expected).Within(1e-6 * (1 + Math.Abs(expected))), $"knot at {at}");
        }
        foreach (var (p, q) in distinct.Zip(distinct.Skip(1)))
        {
            double mid = (p + q) / 2, d = (q - p) / 4;
            Assert.That((F(mid + d) - F(mid)) - (F(mid) - F(mid - d)), Is.EqualTo(0).Within(1e-9), $"a bend between {p} and {q}");
        }
    }
}
