using ConicDsl.Conic;

namespace ConicDsl.Tests.Compiler.Formats;

/// <summary>Small programs of every cone kind, with awkward doubles, for the format round trips.</summary>
internal static class FormatPrograms
{
    public static ConicProgram Lp()
    {
        var b = new ConicProgramBuilder { ObjectiveConstant = 0.1 + 0.2 };
        b.AddVariables("x", 3);
        var eq = b.AddRows("sum", ConeKind.Zero, 1);
        eq.Add(0, 0, -1.0 / 3);
        eq.Add(0, 1, -1);
        eq.Add(0, 2, -1e-300);
        eq.SetConstant(0, 1);
        var pos = b.AddRows("x >= 0", ConeKind.NonNegative, 3);
        for (int i = 0; i < 3; i++) pos.Add(i, i, 1);
        pos.SetConstant(2, -1e-17);
        b.AddLinearObjective(0, Math.PI);
        b.AddLinearObjective(2, -2.5);
        return b.Build();
    }

    public static ConicProgram Socp()
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 2);
        b.AddVariables("t", 1);
        var soc = b.AddRows("ball", ConeKind.SecondOrder, 3);
        soc.SetConstant(0, 1);
        soc.Add(1, 0, 1);
        soc.Add(2, 1, Math.E);
        var soc2 = b.AddRows("epigraph", ConeKind.SecondOrder, 2);
        soc2.Add(0, 2, 1);
        soc2.Add(1, 0, -0.7);
        var lin = b.AddRows("bound", ConeKind.NonNegative, 1);
        lin.Add(0, 2, -1);
        lin.SetConstant(0, 10);
        b.AddLinearObjective(0, 1);
        b.AddLinearObjective(1, 1);
        b.AddLinearObjective(2, 0.25);
        return b.Build();
    }

    /// <summary>minimize tr(CX) s.t. tr X = 1, X ⪰ 0 in svec variables, plus a second PSD cone of order 2 after it.</summary>
    public static ConicProgram Sdp()
    {
        var c = new double[,] { { 2, 0.5, -1.0 / 3 }, { 0.5, 1, 0.1 }, { -1.0 / 3, 0.1, 3 } };
        var b = new ConicProgramBuilder { ObjectiveConstant = -1.5 };
        b.AddVariables("svec_X", 6);
        b.AddVariables("y", 1);
        var sc = new double[6];
        Svec.FromMatrix(c, sc);
        for (int i = 0; i < 6; i++) b.AddLinearObjective(i, sc[i]);
        var trace = b.AddRows("trace", ConeKind.Zero, 1);
        foreach (var i in new[] { 0, 3, 5 }) trace.Add(0, i, -1);
        trace.SetConstant(0, 1);
        var psd = b.AddPsd("X psd", 3);
        for (int i = 0; i < 6; i++) psd.Add(i, i, 1);
        psd.SetConstant(1, 1e-3 * Math.Sqrt(2));
        var small = b.AddPsd("[[y, 1], [1, 7]] psd", 2);
        small.Add(0, 6, 1);
        small.SetConstant(1, Math.Sqrt(2));
        small.SetConstant(2, 7);
        var nn = b.AddRows("y <= 4", ConeKind.NonNegative, 1);
        nn.Add(0, 6, -1);
        nn.SetConstant(0, 4);
        return b.Build();
    }

    /// <summary>Diagonal P (the squared loss's shape) with a linear constraint.</summary>
    public static ConicProgram DiagonalQp()
    {
        var b = new ConicProgramBuilder { ObjectiveConstant = 2 };
        b.AddVariables("x", 3);
        var row = b.AddRows("x0+x1<=1", ConeKind.NonNegative, 1);
        row.SetConstant(0, 1);
        row.Add(0, 0, -1);
        row.Add(0, 1, -1);
        var soc = b.AddRows("|x2| <= 3", ConeKind.SecondOrder, 2);
        soc.SetConstant(0, 3);
        soc.Add(1, 2, 1);
        b.AddQuadraticObjective(0, 0, 1);
        b.AddQuadraticObjective(1, 1, 1);
        b.AddQuadraticObjective(2, 2, 0.5);
        b.AddLinearObjective(0, -1);
        b.AddLinearObjective(1, -2);
        b.AddLinearObjective(2, 1);
        return b.Build();
    }

    /// <summary>A coupled P: positive definite on (x0, x1) when <paramref name="singular"/> is false, rank one otherwise.</summary>
    public static ConicProgram CoupledQp(bool singular)
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 3);
        var box = b.AddRows("box", ConeKind.NonNegative, 6);
        for (int i = 0; i < 3; i++)
        {
            box.Add(2 * i, i, 1);
            box.SetConstant(2 * i, 2);
            box.Add(2 * i + 1, i, -1);
            box.SetConstant(2 * i + 1, 2);
        }
        b.AddQuadraticObjective(0, 0, 2);
        b.AddQuadraticObjective(1, 1, singular ? 0.5 : 3);
        b.AddQuadraticObjective(0, 1, 1);
        b.AddLinearObjective(0, -1);
        b.AddLinearObjective(1, 0.3);
        b.AddLinearObjective(2, 1);
        return b.Build();
    }

    /// <summary>Every cone kind at once, exponential cones last (one with a constant row), and a quadratic
    /// objective when <paramref name="quadratic"/>.</summary>
    public static ConicProgram Exponential(bool quadratic = false)
    {
        var b = new ConicProgramBuilder { ObjectiveConstant = -0.7 };
        b.AddVariables("x", 3);
        var exp = b.AddExp("exp", 2);
        exp.Add(0, 0, 1.0 / 3);
        exp.SetConstant(0, 0.1);
        exp.SetConstant(1, 1);
        exp.Add(2, 1, 1);
        exp.Add(3, 2, -1);
        exp.Add(4, 0, Math.PI);
        exp.Add(5, 1, 2);
        exp.SetConstant(5, 1e-17);
        var psd = b.AddPsd("S", 2);
        psd.SetConstant(0, 1);
        psd.Add(1, 2, Math.Sqrt(2));
        psd.SetConstant(2, 1);
        var soc = b.AddRows("ball", ConeKind.SecondOrder, 2);
        soc.SetConstant(0, 5);
        soc.Add(1, 0, 1);
        var eq = b.AddRows("fix", ConeKind.Zero, 1);
        eq.Add(0, 2, 1);
        eq.SetConstant(0, -0.25);
        b.AddLinearObjective(1, 1);
        b.AddLinearObjective(0, -0.5);
        if (quadratic) b.AddQuadraticObjective(0, 0, 2);
        return b.Build();
    }
}
