using ConicDsl.Conic;
using ConicDsl.Conic.Formats;

namespace ConicDsl.Tests.Backends.Csdp;

public class SdpaWriterTests
{
    // min x0 + 2·x1 + 3  s.t.  x0 + x1 = 1 (zero),  x0 ≥ 0 (nonneg),  [[x1, x0], [x0, 1]] ⪰ 0 (PSD, svec (x1, √2·x0, 1)).
    private static ConicProgram Tiny()
    {
        var b = new ConicProgramBuilder { ObjectiveConstant = 3 };
        b.AddVariables("x", 2);
        var eq = b.AddRows("sum", ConeKind.Zero, 1);
        eq.Add(0, 0, -1);
        eq.Add(0, 1, -1);
        eq.SetConstant(0, 1);
        var pos = b.AddRows("x0>=0", ConeKind.NonNegative, 1);
        pos.Add(0, 0, 1);
        var psd = b.AddPsd("M", 2);
        psd.Add(Svec.Index(2, 0, 0), 1, 1);
        psd.Add(Svec.Index(2, 1, 0), 0, Svec.Sqrt2);
        psd.SetConstant(Svec.Index(2, 1, 1), 1);
        b.AddLinearObjective(0, 1);
        b.AddLinearObjective(1, 2);
        return b.Build();
    }

    [Test]
    public void TinyProgramIsWrittenLineByLine()
    {
        // Reference, by hand from the documented map: F_0 = −L(b), F_i = −L(A[:, i]), A = −(coefficients), b = constants.
        // Diagonal block (size 3): entries 1, 2 are +s_eq, −s_eq; entry 3 is the nonnegative row. Block 2 is the 2×2 matrix.
        // b = (1, 0, 0, 0, 1): F_0 has −1 at (1,1,1), +1 at (1,2,2), −1 at (2,2,2).
        // Column x0: A = (1, −1, 0, −√2, 0) → F_1 = −1 at (1,1,1), +1 at (1,2,2), +1 at (1,3,3), +1 (= √2/√2) at (2,1,2).
        // Column x1: A = (1, 0, −1, 0, 0) → F_2 = −1 at (1,1,1), +1 at (1,2,2), +1 at (2,1,1).
        var lines = SdpaWriter.Write(Tiny()).Split('\n');
        Assert.That(lines[0], Does.StartWith("* "));
        Assert.That(lines[1], Does.StartWith("* "));
        Assert.That(lines[2], Does.Contain("objective constant 3"));
        Assert.That(lines[3..], Is.EqualTo(new[]
        {
            "2",
            "2",
            "-3 2",
            "1 2",
            "0 1 1 1 -1",
            "0 1 2 2 1",
            "0 2 2 2 -1",
            "1 1 1 1 -1",
            "1 1 2 2 1",
            "1 1 3 3 1",
            "1 2 1 2 1",
            "2 1 1 1 -1",
            "2 1 2 2 1",
            "2 2 1 1 1",
            "",
        }));
    }

    [Test]
    public void SocIsLiftedToAnArrowBlock()
    {
        // (t, u1, u2) = (x0, x1, 2) ∈ SOC(3) → [[x0, x1, 2], [x1, x0, 0], [2, 0, x0]].
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 2);
        var soc = b.AddRows("cone", ConeKind.SecondOrder, 3);
        soc.Add(0, 0, 1);
        soc.Add(1, 1, 1);
        soc.SetConstant(2, 2);
        b.AddLinearObjective(0, 1);
        var p = SdpaWriter.Build(b.Build());
        Assert.That(p.BlockSizes, Is.EqualTo(new[] { 3 }));
        Assert.That(p.Entries, Is.EqualTo(new[]
        {
            new SdpaEntry(0, 1, 1, 3, -2),
            new SdpaEntry(1, 1, 1, 1, 1), new SdpaEntry(1, 1, 2, 2, 1), new SdpaEntry(1, 1, 3, 3, 1),
            new SdpaEntry(2, 1, 1, 2, 1),
        }));
    }

    [Test]
    public void RowsFromMatricesIsTheAdjointOfTheRowMap()
    {
        // With A = −I and b = 0, F_{r+1} = L(e_r); the adjoint must satisfy L*(M)_r = ⟨L(e_r), M⟩ = Σ_ij F_ij M_ij
        // over the full symmetric matrices, for any symmetric block matrix M.
        var cones = new ConeLayout(2, 3, [1, 3, 4], [1, 3]);
        var builder = new ConicProgramBuilder();
        builder.AddVariables("x", cones.Rows);
        int row = 0;
        void Rows(ConeKind kind, int count)
        {
            var g = builder.AddRows(kind.ToString(), kind, count);
            for (int r = 0; r < count; r++) g.Add(r, row + r, 1);
            row += count;
        }
        Rows(ConeKind.Zero, 2);
        Rows(ConeKind.NonNegative, 3);
        foreach (var q in cones.SecondOrder) Rows(ConeKind.SecondOrder, q);
        foreach (var k in cones.Psd)
        {
            var g = builder.AddPsd("psd", k);
            for (int r = 0; r < g.Count; r++) g.Add(r, row + r, 1);
            row += g.Count;
        }
        var program = builder.Build();
        Assert.That(program.Cones, Is.EqualTo(cones));
        var sdpa = SdpaWriter.Build(program);
        Assert.That(sdpa.BlockSizes, Is.EqualTo(new[] { -7, 1, 3, 4, 1, 3 }));

        var rng = new Random(5);
        var m = new List<SdpaEntry>();
        for (int bl = 1; bl <= sdpa.BlockSizes.Length; bl++)
        {
            int size = Math.Abs(sdpa.BlockSizes[bl - 1]);
            for (int i = 1; i <= size; i++)
                for (int j = i; j <= size; j++)
                    if (sdpa.BlockSizes[bl - 1] > 0 || i == j) m.Add(new SdpaEntry(2, bl, i, j, rng.NextDouble() * 2 - 1));
        }
        var y = sdpa.RowsFromMatrices(m);
        var lookup = m.ToDictionary(e => (e.Block, e.I, e.J), e => e.Value);
        for (int r = 0; r < cones.Rows; r++)
        {
            double inner = sdpa.Entries.Where(e => e.Matrix == r + 1)
                .Sum(e => (e.I == e.J ? 1 : 2) * e.Value * lookup[(e.Block, e.I, e.J)]);
            Assert.That(y[r], Is.EqualTo(inner).Within(1e-12), $"row {r}");
        }
    }

    [Test]
    public void QuadraticObjectivesAreRefusedNamingOtherBackends()
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 1);
        b.AddRows("x>=0", ConeKind.NonNegative, 1).Add(0, 0, 1);
        b.AddQuadraticObjective(0, 0, 1);
        var why = SdpaWriter.Rejects(b.Build());
        Assert.That(why, Does.Contain("cvxopt").And.Contain("scs"));
        Assert.Throws<ArgumentException>(() => SdpaWriter.Build(b.Build()));
    }
}
