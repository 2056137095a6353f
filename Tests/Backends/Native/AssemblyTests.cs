using NUnit.Framework;
using ConicDsl.Backends.Native;

namespace ConicDsl.Tests.Backends.Native;

/// <summary>The assembly helpers of the sparse path: orthant rows grouped by column pattern, and the slot replay.</summary>
public class AssemblyTests
{
    [Test]
    public void OrthantRowsAreGroupedByTheirColumns()
    {
        // Rows (CSR): 0 {1,3}, 1 {1,3}, 2 {0}, 3 {} (skipped), 4 {1,3}, 5 {0,1}; orthant rows are 1..5 (row 0 is an equality).
        int[] rowPtr = [0, 2, 4, 5, 5, 7, 9];
        int[] colIdx = [1, 3, 1, 3, 0, 1, 3, 0, 1];
        var groups = new OrthantRowGroups(1, 5, rowPtr, colIdx);
        Assert.That(groups.Rows, Is.EqualTo(new[] { new[] { 1, 4 }, new[] { 2 }, new[] { 5 } }));
        Assert.That(groups.Columns, Is.EqualTo(new[] { new[] { 1, 3 }, new[] { 0 }, new[] { 0, 1 } }));
    }

    [Test]
    public void ReplayAddsThroughRecordedSlotsAndRefusesAnotherLength()
    {
        var pattern = new List<(int, int)> { (0, 0), (1, 0), (1, 1), (2, 2) };
        var ldl = new SupernodalLdl(3, pattern, [2, 0, 1]);
        var replay = new AssemblyReplay(ldl);
        void Assemble(double scale, bool extra)
        {
            ldl.Clear();
            replay.Begin();
            replay.Add(0, 0, 4 * scale);
            replay.Add(1, 0, 1 * scale);
            replay.Add(1, 1, 3 * scale);
            replay.Add(2, 2, 2 * scale);
            if (extra) replay.Add(2, 2, 1);
            replay.End();
        }
        Assemble(1, false);
        Assemble(2, false);
        Assert.That(ldl.Factor(3, 1e-13, 1e-7), Is.True);
        // [[8, 2, 0], [2, 6, 0], [0, 0, 4]] x = (10, 8, 4) has x = (1, 1, 1).
        var x = new[] { 10.0, 8, 4 };
        ldl.Solve(x);
        Assert.That(x, Is.EqualTo(new[] { 1.0, 1, 1 }).Within(1e-12));
        Assert.That(() => Assemble(1, true), Throws.InstanceOf<IndexOutOfRangeException>().Or.InstanceOf<InvalidOperationException>());
    }
}
