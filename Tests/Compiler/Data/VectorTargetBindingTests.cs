using ConicDsl.Compiler.Data;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Compiler.Data;

/// <summary>Binding the n × C targets of a vector-output model (math.md §7): target columns, one-hot class labels,
/// the hinge's ±1 encodings, and the located refusals.</summary>
public class VectorTargetBindingTests
{
    private const string Csv = "x,y0,y1,y2\n1,5,0,2\n2,7,1,2\n3,5,1,9\n4,6,0,9\n";

    private static Model VectorModel(string model, int outputs, LossKind loss, bool classColumn) =>
        VectorOutputModels.Model(model, "d.csv", outputs, loss) is var m && classColumn
            ? m with { Data = m.Data with { MoreTargets = [] } }
            : VectorOutputModels.Model(model, "d.csv", outputs, loss);

    [Test]
    public void TargetColumnsAreRowMajorAndTheFeaturesAreTheRest()
    {
        using var dir = new TempDir();
        dir.Write("d.csv", Csv);
        var (data, diagnostics) = DataBinder.Bind(VectorModel(Path.Combine(dir.Path, "m.cnn"), 3, LossKind.Squared, false));
        Assert.That(diagnostics, Is.Empty);
        Assert.That(data!.Outputs, Is.EqualTo(3));
        Assert.That(data.FeatureNames, Is.EqualTo(new[] { "x" }));
        Assert.That(data.Targets().Take(6), Is.EqualTo(new double[] { 5, 0, 2, 7, 1, 2 }));
        Assert.That(data.OutputTargets!.OneHot, Is.False);
    }

    [Test]
    public void HingeMapsEachTargetColumnToPlusMinusOne()
    {
        using var dir = new TempDir();
        dir.Write("d.csv", "x,y0,y1,y2\n1,5,0,2\n2,7,1,2\n3,5,1,9\n");
        var (data, _) = DataBinder.Bind(VectorModel(Path.Combine(dir.Path, "m.cnn"), 3, LossKind.Hinge, false));
        Assert.That(data!.Targets(), Is.EqualTo(new double[] { -1, -1, -1, 1, 1, -1, -1, 1, 1 }));
    }

    [Test]
    public void HingeRefusesATargetColumnWithoutExactlyTwoValuesAtThatColumn()
    {
        using var dir = new TempDir();
        dir.Write("d.csv", Csv);
        var model = VectorModel(Path.Combine(dir.Path, "m.cnn"), 3, LossKind.Hinge, false);
        var diagnostic = DataBinder.Bind(model).Diagnostics.Single();
        Assert.That(diagnostic.Id, Is.EqualTo(DiagnosticIds.TargetNotBinary));
        Assert.That(diagnostic.Span, Is.EqualTo(model.Data.TargetColumns[0].Span));
        Assert.That(diagnostic.Message, Does.Contain("'y0' has 3"));
    }

    [TestCase(LossKind.Squared, 0.0)]
    [TestCase(LossKind.Hinge, -1.0)]
    public void ClassLabelsAreOneHotInAscendingOrder(LossKind loss, double off)
    {
        using var dir = new TempDir();
        dir.Write("d.csv", Csv);
        var (data, _) = DataBinder.Bind(VectorModel(Path.Combine(dir.Path, "m.cnn"), 3, loss, true) is var m
            ? m with { Data = m.Data with { Features = [new ColumnRef("x", m.Data.Span)] } }
            : null!);
        Assert.That(data!.OutputTargets!.Classes, Is.EqualTo(new double[] { 5, 6, 7 }));
        Assert.That(data.OutputTargets.Names, Is.EqualTo(new[] { "y0=5", "y0=6", "y0=7" }));
        Assert.That(data.Targets(), Is.EqualTo(new[] { 1, off, off, off, off, 1, 1, off, off, off, 1, off }));
    }

    [Test]
    public void ClassCountOtherThanTheOutputsIsLocatedAtTheTarget()
    {
        using var dir = new TempDir();
        dir.Write("d.csv", Csv);
        var model = VectorModel(Path.Combine(dir.Path, "m.cnn"), 2, LossKind.Squared, true);
        var diagnostic = DataBinder.Bind(model).Diagnostics.Single();
        Assert.That(diagnostic.Id, Is.EqualTo(DiagnosticIds.ClassCountMismatch));
        Assert.That(diagnostic.Span, Is.EqualTo(model.Data.Target.Span));
        Assert.That(diagnostic.Message, Is.EqualTo("the network has 2 outputs but the class-label column 'y0' has 3 distinct values (5, 6, 7)"));
    }
}
