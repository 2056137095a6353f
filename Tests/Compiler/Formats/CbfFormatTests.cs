using ConicDsl.Backends;
using ConicDsl.Backends.Native;
using ConicDsl.Conic;
using ConicDsl.Conic.Formats;

namespace ConicDsl.Tests.Compiler.Formats;

public class CbfFormatTests
{
    private static void AssertSame(ConicProgram actual, ConicProgram expected)
    {
        Assert.That(actual.Cones, Is.EqualTo(expected.Cones));
        Assert.That(actual.A.Rows, Is.EqualTo(expected.A.Rows));
        Assert.That(actual.A.Columns, Is.EqualTo(expected.A.Columns));
        Assert.That(actual.A.Entries(), Is.EqualTo(expected.A.Entries()), "A bit for bit");
        Assert.That(actual.B, Is.EqualTo(expected.B), "b bit for bit");
        Assert.That(actual.C, Is.EqualTo(expected.C), "c bit for bit");
        Assert.That(actual.P, Is.Null);
        Assert.That(actual.ObjectiveConstant, Is.EqualTo(expected.ObjectiveConstant));
        Assert.That(actual.VariableBlocks, Is.EqualTo(expected.VariableBlocks));
        Assert.That(actual.RowBlocks, Is.EqualTo(expected.RowBlocks));
    }

    [TestCaseSource(nameof(ConicPrograms))]
    public void RoundTripIsExactWithoutAQuadraticObjective(string name, ConicProgram program)
    {
        var text = CbfFormat.Write(program);
        AssertSame(CbfFormat.Read(text), program);
        Assert.That(CbfFormat.Write(CbfFormat.Read(text)), Is.EqualTo(text));
    }

    private static IEnumerable<object[]> ConicPrograms() => new[]
    {
        new object[] { "lp", FormatPrograms.Lp() },
        new object[] { "socp", FormatPrograms.Socp() },
        new object[] { "sdp", FormatPrograms.Sdp() },
        new object[] { "exp", FormatPrograms.Exponential() },
    };

    [Test]
    public void LpIsWrittenInCbfsSignConvention()
    {
        var text = CbfFormat.Write(FormatPrograms.Lp());
        // Row 0 is x0/3 + x1 + 1e-300·x2 = 1, stored as A = (1/3, 1, 1e-300), b = 1; CBF's g = −Ax + b, so ACOORD holds −1/3.
        Assert.That(text, Does.Contain("CON\n4 2\nL= 1\nL+ 3\n"));
        Assert.That(text, Does.Contain("ACOORD\n6\n0 0 -0.3333333333333333\n1 0 1\n"));
        Assert.That(text, Does.Contain("BCOORD\n2\n0 1\n3 -1E-17\n"));
        Assert.That(text, Does.Contain("OBJBCOORD\n0.30000000000000004\n"));
        Assert.That(text, Does.Contain("VAR\n3 1\nF 3\n"));
        Assert.That(text, Does.StartWith(CbfFormat.Marker));
    }

    [Test]
    public void SdpUsesMatrixVariablesWithUnscaledData()
    {
        var text = CbfFormat.Write(FormatPrograms.Sdp());
        Assert.That(text, Does.Contain("PSDVAR\n2\n3\n2\n"));
        Assert.That(text, Does.Contain("CON\n11 4\nL= 1\nL+ 1\nL= 6\nL= 3\n"));
        Assert.That(text, Does.Contain("FCOORD\n9\n"));
        // svec row 1 of the first cone (entry (1, 0)) is row 2 + 1 = 3: coefficient −√2/2 on X_0[1, 0].
        Assert.That(text, Does.Contain("3 0 1 0 " + (-Math.Sqrt(0.5)).ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "\n"));
        Assert.That(text, Does.Contain("2 0 0 0 -1\n"));
    }

    [TestCaseSource(nameof(QuadraticPrograms))]
    public void QuadraticObjectiveReadsBackAsTheLiftedProgramWithTheSameOptimum(string name, ConicProgram program)
    {
        var lifted = CbfFormat.LiftQuadraticObjective(program);
        var read = CbfFormat.Read(CbfFormat.Write(program));
        AssertSame(read, lifted);
        Assert.That(read.Variables, Is.EqualTo(program.Variables + 1));
        Assert.That(read.VariableBlocks[^1].Name, Is.EqualTo("quadratic_objective_t"));

        var settings = SolverSettings.Default with { TimeLimitSeconds = 30 };
        var original = new NativeBackend().Solve(program, settings);
        var viaCbf = new NativeBackend().Solve(read, settings);
        Assert.That(original.Status, Is.EqualTo(SolveStatus.Optimal), original.Message);
        Assert.That(viaCbf.Status, Is.EqualTo(SolveStatus.Optimal), viaCbf.Message);
        Assert.That(viaCbf.PrimalObjective, Is.EqualTo(original.PrimalObjective).Within(1e-6));
        Assert.That(viaCbf.X.Take(program.Variables), Is.EqualTo(original.X).Within(1e-4));
    }

    private static IEnumerable<object[]> QuadraticPrograms() => new[]
    {
        new object[] { "diagonal", FormatPrograms.DiagonalQp() },
        new object[] { "definite", FormatPrograms.CoupledQp(singular: false) },
        new object[] { "semidefinite", FormatPrograms.CoupledQp(singular: true) },
    };

    [Test]
    public void DiagonalUnitWeightsLiftExactly()
    {
        var lifted = CbfFormat.LiftQuadraticObjective(FormatPrograms.DiagonalQp());
        // (t + ½, t − ½, x0, x1, x2/√2·…) appended after the existing second-order cone.
        Assert.That(lifted.Cones.SecondOrder, Is.EqualTo(new[] { 2, 5 }));
        Assert.That(lifted.B.Skip(3), Is.EqualTo(new[] { 0.5, -0.5, 0, 0, 0 }));
        var x = new[] { 0.3, -1.2, 2.0, 0 };
        x[3] = 0.5 * (0.3 * 0.3 + 1.2 * 1.2 + 0.5 * 4);
        Assert.That(lifted.Objective(x), Is.EqualTo(FormatPrograms.DiagonalQp().Objective(x.AsSpan(0, 3))).Within(1e-15));
    }

    [Test]
    public void HandWrittenFileIsReadEntryByEntry()
    {
        const string text = """
            # a foreign file: no ConicDsl marker
            VER
            3

            OBJSENSE
            MAX

            VAR
            3 2
            F 2
            L+ 1

            CON
            4 3
            L- 1
            L= 1
            Q 2

            PSDCON
            1
            2

            OBJACOORD
            2
            0 1.5
            2 -1

            OBJBCOORD
            4

            ACOORD
            3
            0 0 2
            1 1 1
            3 2 -1

            BCOORD
            2
            0 -3
            2 5

            HCOORD
            2
            0 0 1 0 1
            0 1 1 1 2

            DCOORD
            1
            0 0 0 1
            """;
        var p = CbfFormat.Read(text);
        // MAX 1.5·x0 − x2 + 4 is read as minimising its negation.
        Assert.That(p.C, Is.EqualTo(new[] { -1.5, 0, 1 }));
        Assert.That(p.ObjectiveConstant, Is.EqualTo(-4));
        // Rows in standard order: zero (CBF row 1), nonneg (CBF row 0 negated, then x2 ≥ 0 from VAR), SOC (rows 2, 3),
        // PSD (svec of D + x0·H0 + x1·H1).
        Assert.That(p.Cones, Is.EqualTo(new ConeLayout(1, 2, [2], [2])));
        var a = p.A.ToDense();
        double r2 = Math.Sqrt(2);
        var expected = new double[,]
        {
            { 0, -1, 0 },     // L=: g = x1 → A = −1, b = 0
            { 2, 0, 0 },      // L-: g = 2x0 − 3 ≤ 0 → s = −g = 3 − 2x0
            { 0, 0, -1 },     // VAR L+: s = x2
            { 0, 0, 0 },      // Q: g = 5
            { 0, 0, 1 },      // Q: g = −x2
            { 0, 0, 0 },      // PSD (0,0): D = 1
            { -r2, 0, 0 },    // PSD (1,0): H0 = 1, ×√2
            { 0, -2, 0 },     // PSD (1,1): H1 = 2
        };
        Assert.That(a, Is.EqualTo(expected));
        Assert.That(p.B, Is.EqualTo(new[] { 0, 3, 0, 5, 0, 1, 0, 0 }));
        Assert.That(p.VariableBlocks, Is.EqualTo(new[] { new Block("x", 0, 3) }));
    }

    [Test]
    public void RotatedConesAndForeignMatrixVariablesAreRead()
    {
        const string text = """
            VER
            3
            OBJSENSE
            MIN
            PSDVAR
            1
            2
            VAR
            2 1
            F 2
            CON
            4 2
            QR 3
            L= 1
            OBJFCOORD
            1
            0 1 0 0.5
            FCOORD
            1
            3 0 1 1 1
            ACOORD
            3
            0 0 1
            1 1 1
            2 0 1
            BCOORD
            2
            1 1
            3 -2
            """;
        var p = CbfFormat.Read(text);
        // X (order 2) becomes three svec variables after x; QR (u, v, w) becomes (u + v, u − v, √2 w).
        Assert.That(p.Variables, Is.EqualTo(5));
        Assert.That(p.Cones, Is.EqualTo(new ConeLayout(1, 0, [3], [2])));
        Assert.That(p.C, Is.EqualTo(new[] { 0, 0, 0, Math.Sqrt(2) * 0.5, 0 }), "⟨F, X⟩ with F[1,0] = ½ is √2·½ on svec entry 1");
        var a = p.A.ToDense();
        Assert.That(Row(a, 0), Is.EqualTo(new double[] { 0, 0, 0, 0, -1 }), "L=: X[1,1] − 2 = 0");
        Assert.That(p.B[0], Is.EqualTo(-2));
        Assert.That(Row(a, 1), Is.EqualTo(new double[] { -1, -1, 0, 0, 0 }));
        Assert.That(Row(a, 2), Is.EqualTo(new double[] { -1, 1, 0, 0, 0 }));
        Assert.That(Row(a, 3), Is.EqualTo(new double[] { -Math.Sqrt(2), 0, 0, 0, 0 }));
        Assert.That(p.B.Skip(1).Take(3), Is.EqualTo(new[] { 1, -1, 0 }));
        Assert.That(Row(a, 4), Is.EqualTo(new double[] { 0, 0, -1, 0, 0 }), "PSD rows are svec(X)");
        Assert.That(p.VariableBlocks, Is.EqualTo(new[] { new Block("x", 0, 2), new Block("X0", 2, 3) }));
    }

    private static double[] Row(double[,] a, int r) => Enumerable.Range(0, a.GetLength(1)).Select(c => a[r, c]).ToArray();

    [TestCase("VER\n3\nVAR\n1 1\nF 1\nFOO\n1\n", 6, "unknown CBF keyword 'FOO'")]
    [TestCase("VER\n3\nVAR\n2 1\nEXP 2\n", 5, "cone EXP must have dimension 3, got 2")]
    [TestCase("VER\n3\n\nVAR\n2 1\nF 1\n", 5, "declares 2 variables but its cones cover 1")]
    [TestCase("VER\n3\nVAR\n1 1\nF 1\nACOORD\n1\n0 0 1\n", 8, "ACOORD comes before CON")]
    [TestCase("VER\n3\nVAR\n1 1\nF 1\nCON\n1 1\nL+ 1\nACOORD\n1\n0 0 x\n", 11, "expected a number, got 'x'")]
    [TestCase("VER\n3\nVAR\n1 1\nF 1\nCON\n1 1\nL+ 1\nACOORD\n1\n0 0\n", 11, "expected 3 field(s)")]
    [TestCase("VER\n3\nVAR\n1 1\nF 1\nCON\n1 1\nL+ 1\nACOORD\n1\n0 5 1\n", 11, "index 5 is outside 0..0")]
    [TestCase("VER\n3\nVAR\n3 1\nPOW 3\n", 5, "cone 'POW' is not supported")]
    [TestCase("VER\n3\nVAR\n1 1\nF 1\nINT\n1\n0\n", 6, "integer variables")]
    [TestCase("OBJSENSE\nMIN\n", 1, "expected VER first")]
    [TestCase("VER\n9\n", 2, "version 9 is not supported")]
    public void MalformedFilesNameTheLine(string text, int line, string message)
    {
        var e = Assert.Throws<FormatException>(() => CbfFormat.Read(text))!;
        Assert.That(e.Message, Does.StartWith($"CBF line {line}: "));
        Assert.That(e.Message, Does.Contain(message));
    }

    [Test]
    public void BlockNamesWithSpacesTravelAsComments()
    {
        var program = FormatPrograms.Sdp();
        var text = CbfFormat.Write(program);
        Assert.That(text, Does.Contain("# row-block 8 3 [[y, 1], [1, 7]] psd\n"));
        Assert.That(CbfFormat.Read(text).RowBlocks, Is.EqualTo(program.RowBlocks));
    }

    /// <summary>CBF's EXP is (u₀, u₁, u₂) with u₀ ≥ u₁·exp(u₂/u₁) (the bound first): the triple is the standard
    /// form's (x, y, z) reversed, on writing and on reading.</summary>
    [Test]
    public void ExponentialConesAreWrittenWithCbfsReversedTriple()
    {
        var text = CbfFormat.Write(ExponentialConeCase());
        Assert.That(text, Does.Contain("CON\n3 1\nEXP 3\n"));
        // Rows: standard form (x, y, z) = (0.5, 1, t) is CBF row 0 = t, row 1 = 1, row 2 = 0.5.
        Assert.That(text, Does.Contain("ACOORD\n1\n0 0 1\n"));
        Assert.That(text, Does.Contain("BCOORD\n2\n1 1\n2 0.5\n"));
    }

    [Test]
    public void LiftedQuadraticObjectiveKeepsTheExponentialConesLast()
    {
        var program = FormatPrograms.Exponential(quadratic: true);
        var lifted = CbfFormat.LiftQuadraticObjective(program);
        Assert.That(lifted.Cones.Exponential, Is.EqualTo(2));
        AssertSame(CbfFormat.Read(CbfFormat.Write(program)), lifted);
    }

    private static ConicProgram ExponentialConeCase()
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("t", 1);
        b.AddLinearObjective(0, 1);
        var cone = b.AddExp("epigraph", 1);
        cone.SetConstant(0, 0.5);
        cone.SetConstant(1, 1);
        cone.Add(2, 0, 1);
        return b.Build();
    }

    /// <summary>EXP* (the dual cone, CBF's order) is read as the primal cone of (u − v, −u, w) with (u, v, w) the
    /// standard form's dual triple; checked on points on either side of K*'s boundary −u·e^(v/u) = e·w.</summary>
    [TestCase(-1.0, 0.3, 1e-12, true)]
    [TestCase(-1.0, 0.3, -1e-6, false)]
    [TestCase(-2.5, -1.0, 1e-12, true)]
    [TestCase(0.0, 1.0, 0.5, true)]
    [TestCase(0.5, 1.0, 3.0, false)]
    public void DualExponentialConesBecomePrimalOnesOfALinearImage(double u, double v, double slack, bool inside)
    {
        double w = u < 0 ? -u * Math.Exp(v / u) / Math.E + slack : slack + 1;
        var r = System.Globalization.CultureInfo.InvariantCulture;
        var text = $"VER\n3\nVAR\n0 0\nCON\n3 1\nEXP* 3\nBCOORD\n3\n0 {w.ToString("R", r)}\n1 {v.ToString("R", r)}\n2 {u.ToString("R", r)}\n";
        var p = CbfFormat.Read(text);
        Assert.That(p.Cones.Exponential, Is.EqualTo(1));
        Assert.That(ExponentialCone.DualContains(u, v, w), Is.EqualTo(inside), "the point's side, by the dual cone's definition");
        Assert.That(ExponentialCone.Contains(p.B[0], p.B[1], p.B[2]), Is.EqualTo(inside), "the same side after the reader's map");
    }
}
