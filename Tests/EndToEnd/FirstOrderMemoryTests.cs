using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.Architectures.Sizing;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Dsl.Text;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>
/// The size guard's memory estimate on the first-order route (data + pattern set + FirstOrderSize, plus the runtime's
/// own <see cref="FirstOrderSize.RuntimeBytes"/>, which the guard leaves out) against the peak
/// resident memory the kernel measured (VmHWM, reported as <c>peak_memory_bytes</c>) for a real <c>conicdsl solve</c>
/// child at n = 20 000. Independent route: the operating system's measurement of the process. The estimate must be
/// within [0.5×, 2×] of it — first-order honest, not exact (the GC's headroom and the JIT vary by machine).
/// </summary>
public class FirstOrderMemoryTests
{
    private const int Samples = 20_000, Features = 10, Patterns = 150;

    [Test]
    public void TheGuardsEstimateIsWithinAFactorTwoOfTheMeasuredPeakOfAReluSolve()
    {
        using var dir = new TempDir();
        dir.Write("d.csv", PlantedCsv());
        var file = dir.Write("m.cnn", $$"""
            model mem {
              data "d.csv" target y
              network {
                input bias
                relu {{Patterns}}
                output 1
              }
              loss squared
              regularize weight_decay 0.1
              arrangements sample {{Patterns}} seed 1
              solve native method al fo_max_iters 3
            }
            """);
        var (code, stdout, stderr) = ExecutableTests.Run(new Dictionary<string, string>(), "solve", file, "--json");
        Assert.That(code, Is.AnyOf(0, 1), stderr);
        long measured = JsonNode.Parse(stdout)!["peak_memory_bytes"]!.GetValue<long>();

        var model = Models.TwoLayer(file, "d.csv", "y", bias: BiasMode.Regularized, width: Patterns,
            patterns: new SampledPatterns(Patterns, 1, SourceSpan.None(file)));
        var (data, _) = ModelCompiler.Bind(model);
        var architecture = ArchitectureRegistry.Find(model.Network.Architecture)!;
        var (patterns, _) = architecture.BuildPatterns(model, data!, CancellationToken.None);
        var estimate = architecture.EstimateSize(model, data!, patterns)!;
        long estimated = estimate.DataBytes + estimate.MaskBytes + estimate.FirstOrderBytes!.Value + FirstOrderSize.RuntimeBytes;

        TestContext.Out.WriteLine($"estimated {estimated >> 20} MiB, measured peak {measured >> 20} MiB");
        Assert.That(estimated, Is.InRange(measured / 2, measured * 2));
    }

    /// <summary>x ~ U(−1, 1)^d, y from a planted two-unit ReLU teacher; fixed seed.</summary>
    private static string PlantedCsv()
    {
        var rng = new Random(5);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", Enumerable.Range(0, Features).Select(j => $"x{j}").Append("y")));
        for (int k = 0; k < Samples; k++)
        {
            var x = Enumerable.Range(0, Features).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
            double y = Math.Max(0, x[0] + x[1] - 0.2) - 0.5 * Math.Max(0, x[2] - x[3]);
            csv.AppendLine(string.Join(",", x.Append(y).Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }
        return csv.ToString();
    }
}
