using ConicDsl.Compiler.Data;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Data;

public class DataBinderTests
{
    [Test]
    public void BindsTargetAndAllOtherColumnsRelativeToTheModelFile()
    {
        using var dir = new TempDir();
        dir.Write("d.csv", "a,y,b\n1,2,3\n4,5,6\n");
        var (data, diags) = DataBinder.Bind(Models.TwoLayer(Path.Combine(dir.Path, "m.cnn"), "d.csv", "y"));
        Assert.That(diags, Is.Empty);
        Assert.That(data!.FeatureNames, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(data.Feature(1, 1), Is.EqualTo(6));
        Assert.That(data.Target(1), Is.EqualTo(5));
        var design = data.DesignMatrix(withBias: true);
        Assert.That(design[0, 2], Is.EqualTo(1.0), "bias column is last and constant 1");
    }

    [Test]
    public void MissingFileTargetAndFeatureAreLocatedInTheModel()
    {
        using var dir = new TempDir();
        var model = Path.Combine(dir.Path, "m.cnn");
        var missingFile = DataBinder.Bind(Models.TwoLayer(model, "nope.csv", "y")).Diagnostics.Single();
        Assert.That((missingFile.Id, missingFile.Span.Path, missingFile.Span.Line), Is.EqualTo((DiagnosticIds.DataFileMissing, model, 2)));

        dir.Write("d.csv", "a,b\n1,2\n3,4\n");
        var missingTarget = DataBinder.Bind(Models.TwoLayer(model, "d.csv", "y")).Diagnostics.Single();
        Assert.That(missingTarget.Id, Is.EqualTo(DiagnosticIds.TargetColumnMissing));
        Assert.That(missingTarget.Hint, Does.Contain("a, b"));

        var missingFeature = DataBinder.Bind(Models.TwoLayer(model, "d.csv", "b", features: new[] { "a", "c" })).Diagnostics.Single();
        Assert.That(missingFeature.Id, Is.EqualTo(DiagnosticIds.FeatureColumnMissing));
    }

    [Test]
    public void BadCellsAreReportedByRowAndColumnAllAtOnce()
    {
        using var dir = new TempDir();
        dir.Write("d.csv", "x,y\n1,2\nabc,3\n4,\n5,NaN\n");
        var diags = DataBinder.Bind(Models.TwoLayer(Path.Combine(dir.Path, "m.cnn"), "d.csv", "y")).Diagnostics;
        Assert.That(diags.Select(d => (d.Id, d.Span.Line, d.Span.Column)), Is.EqualTo(new[]
        {
            (DiagnosticIds.NonNumericCell, 3, 1),
            (DiagnosticIds.EmptyCell, 4, 2),
            (DiagnosticIds.NonFiniteCell, 5, 2),
        }));
        Assert.That(diags[0].Format(), Does.StartWith("d.csv:3:1: error CNN2002:").Or.Contain("d.csv:3:1: error CNN2002:"));
    }

    [TestCase(LossKind.Hinge)]
    [TestCase(LossKind.Logistic)]
    public void ClassificationLossesMapTwoValuedLabelsAndRefuseOthers(LossKind loss)
    {
        using var dir = new TempDir();
        dir.Write("d.csv", "x,c\n1,0\n2,1\n3,0\n");
        var model = Path.Combine(dir.Path, "m.cnn");
        var (data, _) = DataBinder.Bind(Models.TwoLayer(model, "d.csv", "c", loss));
        Assert.That(data!.Targets(), Is.EqualTo(new[] { -1.0, 1.0, -1.0 }));
        Assert.That(data.Labels, Is.EqualTo(new LabelMapping(0, 1)));

        dir.Write("e.csv", "x,c\n1,0\n2,1\n3,2\n");
        var diag = DataBinder.Bind(Models.TwoLayer(model, "e.csv", "c", loss)).Diagnostics.Single();
        Assert.That(diag.Id, Is.EqualTo(DiagnosticIds.TargetNotBinary));
        Assert.That(diag.Message, Does.Contain($"the {loss.ToString().ToLowerInvariant()} loss needs a target"));
    }

    [Test]
    public void StandardizeGivesZeroMeanUnitVariance()
    {
        using var dir = new TempDir();
        dir.Write("d.csv", "x,y\n1,0\n2,0\n3,0\n6,1\n");
        var (data, _) = DataBinder.Bind(Models.TwoLayer(Path.Combine(dir.Path, "m.cnn"), "d.csv", "y", standardize: true));
        var z = Enumerable.Range(0, 4).Select(k => data!.Feature(k, 0)).ToArray();
        Assert.That(z.Average(), Is.EqualTo(0).Within(1e-12));
        Assert.That(z.Select(v => v * v).Average(), Is.EqualTo(1).Within(1e-12), "population variance 1");
        Assert.That(data!.Standardization!.Mean[0], Is.EqualTo(3.0));
    }
}
