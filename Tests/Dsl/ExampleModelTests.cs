using ConicDsl.Dsl.Semantics;
using NUnit.Framework;
using static ConicDsl.Tests.Dsl.DslTestSupport;

namespace ConicDsl.Tests.Dsl;

public class ExampleModelTests
{
    public const string Spline1d = """
        // Examples/spline1d.cnn — 1-D regression; the optimal network is a linear spline
        model spline1d {
          data "spline1d.csv" target y
          network {
            input bias
            relu 32
            output 1
          }
          loss squared
          regularize weight_decay 0.01
          arrangements exact
          solve native tolerance 1e-8
        }
        """;

    public const string Xor = """
        // Examples/xor.cnn — classification with the hinge loss, sampled patterns
        model xor {
          data "xor.csv" target label
          network {
            input bias
            relu 16
            output 1
          }
          loss hinge
          regularize weight_decay 0.001
          arrangements sample 200 seed 7
          solve native
        }
        """;

    [Test]
    public void Spline1dChecksToTheExpectedModel()
    {
        var result = Load(Spline1d);

        Assert.That(result.Diagnostics, Is.Empty, () => Describe(result));
        var model = result.Model!;
        Assert.Multiple(() =>
        {
            Assert.That(model.Name, Is.EqualTo("spline1d"));
            Assert.That(model.SourcePath, Is.EqualTo(TestPath));
            Assert.That(model.Data.Path, Is.EqualTo("spline1d.csv"));
            Assert.That(model.Data.Target.Name, Is.EqualTo("y"));
            Assert.That((model.Data.Target.Span.Line, model.Data.Target.Span.Column), Is.EqualTo((3, 30)));
            Assert.That(model.Data.Features, Is.Empty);
            Assert.That(model.Data.Standardize, Is.False);
            Assert.That(model.Network.Bias, Is.EqualTo(BiasMode.Regularized));
            Assert.That(model.Network.Hidden.Cast<ReluLayerSpec>().Select(l => l.Width), Is.EqualTo(new[] { 32 }));
            Assert.That(model.Network.Outputs, Is.EqualTo(1));
            AssertFullyConnected(model.Network, 32);
            Assert.That(model.Loss.Kind, Is.EqualTo(LossKind.Squared));
            Assert.That(model.Regularizer.Beta, Is.EqualTo(0.01));
            Assert.That(model.Patterns, Is.TypeOf<ExactPatterns>());
            Assert.That(((ExactPatterns)model.Patterns).Limit, Is.EqualTo(ExactPatterns.DefaultLimit));
            Assert.That(model.Solver.Backend, Is.EqualTo("native"));
            Assert.That(model.Solver.Number("tolerance"), Is.EqualTo(1e-8));
            Assert.That(model.Solver.Options.Single().RawValue, Is.EqualTo("1e-8"));
        });
    }

    [Test]
    public void XorChecksToTheExpectedModel()
    {
        var result = Load(Xor);

        Assert.That(result.Diagnostics, Is.Empty, () => Describe(result));
        var model = result.Model!;
        Assert.Multiple(() =>
        {
            Assert.That(model.Name, Is.EqualTo("xor"));
            Assert.That(model.Data.Path, Is.EqualTo("xor.csv"));
            Assert.That(model.Data.Target.Name, Is.EqualTo("label"));
            Assert.That(model.Network.Bias, Is.EqualTo(BiasMode.Regularized));
            Assert.That(model.Network.Hidden.Cast<ReluLayerSpec>().Single().Width, Is.EqualTo(16));
            AssertFullyConnected(model.Network, 16);
            Assert.That(model.Loss.Kind, Is.EqualTo(LossKind.Hinge));
            Assert.That(model.Regularizer.Beta, Is.EqualTo(0.001));
            Assert.That(model.Patterns, Is.EqualTo(new SampledPatterns(200, 7, model.Patterns.Span)));
            Assert.That((model.Patterns.Span.Line, model.Patterns.Span.Column), Is.EqualTo((11, 3)));
            Assert.That(model.Solver.Backend, Is.EqualTo("native"));
            Assert.That(model.Solver.Options, Is.Empty);
        });
    }

    /// <summary>Version-1 networks resolve to the fully connected family, exactly as before CNNs were added.</summary>
    private static void AssertFullyConnected(NetworkSpec network, int width)
    {
        Assert.That(network.Input.Shape, Is.EqualTo(InputShape.Vector));
        Assert.That(network.Input.Dimensions, Is.Empty);
        Assert.That(network.Input.Channels, Is.EqualTo(1));
        Assert.That(network.Relaxation, Is.False);
        Assert.That(network.Architecture, Is.EqualTo(new FullyConnectedArchitecture((ReluLayerSpec)network.Hidden.Single())));
        Assert.That(network.Architecture.Width, Is.EqualTo(width));
    }

    [TestCase("spline1d.cnn", Spline1d)]
    [TestCase("xor.cnn", Xor)]
    public void ExampleFilesAreTheTextsCheckedAbove(string file, string text)
    {
        var path = System.IO.Path.Combine(TestContext.CurrentContext.TestDirectory, "Examples", file);
        if (!File.Exists(path)) Assert.Ignore($"Examples/{file} is not next to the tests");

        Assert.That(File.ReadAllText(path).ReplaceLineEndings("\n").TrimEnd(), Is.EqualTo(text.ReplaceLineEndings("\n").TrimEnd()));
    }

    [Test]
    public void ExampleFilesInTheRepositoryCheckWhenPresent()
    {
        var folder = System.IO.Path.Combine(TestContext.CurrentContext.TestDirectory, "Examples");
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.cnn") : [];
        if (files.Length == 0) Assert.Ignore("no Examples/*.cnn next to the tests yet");

        foreach (var file in files)
        {
            // The examples name real backends (xor_logistic.cnn needs scs), so they check against the real registry.
            var result = ConicDsl.Dsl.ModelFrontEnd.Load(file, File.ReadAllText(file), ConicDsl.Backends.BackendRegistry.Catalog());
            Assert.That(result.Model, Is.Not.Null, () => $"{file}:\n{Describe(result)}");
        }
    }
}
