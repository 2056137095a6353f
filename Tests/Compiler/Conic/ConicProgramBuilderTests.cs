using ConicDsl.Conic;

namespace ConicDsl.Tests.Compiler.Conic;

public class ConicProgramBuilderTests
{
    [Test]
    public void RowsAreOrderedByConeKindAndSignsFollowTheStandardForm()
    {
        // s = expression ∈ K  ⇔  A = −coef, b = constant (checked entry by entry, by hand).
        var b = new ConicProgramBuilder();
        var x = b.AddVariables("x", 2);
        var soc = b.AddRows("soc", ConeKind.SecondOrder, 2);
        soc.Add(0, x.Offset, 1);
        soc.Add(1, x.Offset + 1, 1);
        var nonneg = b.AddRows("nonneg", ConeKind.NonNegative, 1);
        nonneg.Add(0, x.Offset, 2);
        nonneg.SetConstant(0, -1); // 2x0 − 1 ≥ 0
        var zero = b.AddRows("zero", ConeKind.Zero, 1);
        zero.Add(0, x.Offset + 1, 1);
        zero.SetConstant(0, -3); // x1 − 3 = 0
        b.AddLinearObjective(0, 1);
        b.AddQuadraticObjective(1, 1, 2);
        var p = b.Build();

        Assert.That(p.Cones, Is.EqualTo(new ConeLayout(1, 1, System.Collections.Immutable.ImmutableArray.Create(2))).Using<ConeLayout>((l, r) => l.Zero == r.Zero && l.NonNegative == r.NonNegative && l.SecondOrder.SequenceEqual(r.SecondOrder)));
        var a = p.A.ToDense();
        Assert.That(new[] { a[0, 0], a[0, 1], p.B[0] }, Is.EqualTo(new[] { 0.0, -1.0, -3.0 }), "zero row first");
        Assert.That(new[] { a[1, 0], a[1, 1], p.B[1] }, Is.EqualTo(new[] { -2.0, 0.0, -1.0 }), "then nonneg");
        Assert.That(new[] { a[2, 0], a[3, 1] }, Is.EqualTo(new[] { -1.0, -1.0 }), "then the SOC");
        Assert.That(p.RowBlocks.Select(r => r.Name), Is.EqualTo(new[] { "zero", "nonneg", "soc" }));
        Assert.That(p.Objective(new[] { 2.0, 3.0 }), Is.EqualTo(2 + 0.5 * 2 * 9), "c'x + ½x'Px");
    }

    [Test]
    public void SparseMatrixSumsDuplicatesAndMultiplies()
    {
        var m = SparseMatrix.FromTriplets(2, 2, new[] { (0, 0, 1.0), (0, 0, 2.0), (1, 0, 4.0), (0, 1, -1.0) });
        Assert.That(m.NonZeros, Is.EqualTo(3));
        Assert.That(m.Multiply(new[] { 1.0, 1.0 }), Is.EqualTo(new[] { 2.0, 4.0 }));
        Assert.That(m.TransposeMultiply(new[] { 1.0, 1.0 }), Is.EqualTo(new[] { 7.0, -1.0 }));
        var upper = SparseMatrix.FromTriplets(2, 2, new[] { (0, 0, 2.0), (0, 1, 1.0), (1, 1, 3.0) });
        Assert.That(upper.SymmetricUpperMultiply(new[] { 1.0, 1.0 }), Is.EqualTo(new[] { 3.0, 4.0 }));
    }
}
