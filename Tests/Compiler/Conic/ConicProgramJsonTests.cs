using ConicDsl.Conic;

namespace ConicDsl.Tests.Compiler.Conic;

public class ConicProgramJsonTests
{
    [Test]
    public void RoundTripReproducesTheProgramExactly()
    {
        var b = new ConicProgramBuilder { ObjectiveConstant = 0.1 + 0.2 };
        var x = b.AddVariables("x", 3);
        var r = b.AddRows("r", ConeKind.NonNegative, 2);
        r.Add(0, 0, 1.0 / 3);
        r.Add(1, 2, Math.PI);
        r.SetConstant(1, -1e-17);
        var s = b.AddRows("s", ConeKind.SecondOrder, 3);
        for (int i = 0; i < 3; i++) s.Add(i, i, 1);
        b.AddQuadraticObjective(0, 1, 0.7);
        b.AddLinearObjective(2, -2.5);
        var p = b.Build();

        var q = ConicProgramJson.Read(ConicProgramJson.Write(p));
        Assert.That(q.A.Entries(), Is.EqualTo(p.A.Entries()));
        Assert.That(q.P!.Entries(), Is.EqualTo(p.P!.Entries()));
        Assert.That(q.B, Is.EqualTo(p.B));
        Assert.That(q.C, Is.EqualTo(p.C));
        Assert.That(q.ObjectiveConstant, Is.EqualTo(p.ObjectiveConstant));
        Assert.That(q.Cones.SecondOrder, Is.EqualTo(p.Cones.SecondOrder));
        Assert.That(q.VariableBlocks, Is.EqualTo(p.VariableBlocks));
        Assert.That(q.RowBlocks, Is.EqualTo(p.RowBlocks));
        Assert.That(ConicProgramJson.Write(q), Is.EqualTo(ConicProgramJson.Write(p)));
    }
}
