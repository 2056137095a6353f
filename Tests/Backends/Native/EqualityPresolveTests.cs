using NUnit.Framework;
using ConicDsl.Backends.Native;
using ConicDsl.Conic;
using static ConicDsl.Tests.Backends.Native.NativeTestPrograms;

namespace ConicDsl.Tests.Backends.Native;

/// <summary>
/// The structural shortcut of the equality presolve (<see cref="IndependentRowPeeling"/>): which rows it sets aside,
/// checked against hand-built row sets whose rank is known by construction, and that the presolve still drops the
/// dependent rows among the rest.
/// </summary>
public class EqualityPresolveTests
{
    private static SparseMatrix Rows(int columns, params double[][] rows) =>
        SparseMatrix.FromTriplets(rows.Length, columns,
            rows.SelectMany((row, r) => row.Select((v, c) => (r, c, v)).Where(e => e.v != 0)));

    [Test]
    public void RowsThatOwnAColumnArePeeledInChains()
    {
        // Lower triangular: row 2 owns column 2; without it row 1 owns column 1; then row 0 is alone.
        var a = Rows(3, [1, 0, 0], [1, 1, 0], [1, 1, 1]);
        Assert.That(IndependentRowPeeling.Core(a, 3), Is.Empty);
    }

    [Test]
    public void OutputDefinitionsLikeTheCompiledNetworksHaveAnEmptyCore()
    {
        // ŷ_j − Σ_i x_j·v_i = 0 for j = 0..9, every row touching the same shared columns and its own ŷ_j.
        var rng = new Random(3);
        var rows = Enumerable.Range(0, 10).Select(j =>
        {
            var row = new double[10 + 6];
            row[j] = 1;
            for (int c = 10; c < 16; c++) row[c] = rng.NextDouble() - 0.5;
            return row;
        }).ToArray();
        Assert.That(IndependentRowPeeling.Core(Rows(16, rows), 10), Is.Empty);
    }

    [Test]
    public void DependentRowsStayInTheCoreAndAreDropped()
    {
        // Row 0 owns column 2; rows 1 and 2 are (1, 1) and (2, 2): dependent (rank 1), so both stay in the core and the
        // presolve drops the second (b consistent: 2·1 = 2). Reference: the rank, by construction.
        var a = Rows(3, [1, 1, 1], [1, 1, 0], [2, 2, 0]);
        Assert.That(IndependentRowPeeling.Core(a, 3), Is.EqualTo(new[] { 1, 2 }));
        var entries = new List<(int, int, double)>
        {
            (0, 0, 1), (0, 1, 1), (0, 2, 1), (1, 0, 1), (1, 1, 1), (2, 0, 2), (2, 1, 2),
            (3, 0, -1), (4, 1, -1), (5, 2, -1),
        };
        var program = Make(3, entries, [3, 1, 2, 0, 0, 0], [1, 2, 0.5], 3, 3);
        var presolve = EqualityPresolve.Analyze(program);
        Assert.That(presolve.KeptRows.Take(2), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(presolve.KeptRows, Has.Length.EqualTo(5));
        var r = InteriorPointSolver.Solve(program, new InteriorPointSettings());
        AssertOptimal(program, r);
        // x0 + x1 = 1, x2 = 2, x ≥ 0: min x0 + 2x1 + 0.5x2 = 1 + 1.
        Assert.That(r.PrimalObjective, Is.EqualTo(2).Within(1e-7));
    }

    [Test]
    public void ATinyOwnEntryDoesNotCount()
    {
        // Row 1 owns column 2 only through 1e-9 (below the relative pivot): it is left to the numerical test.
        var a = Rows(3, [1, 1, 0], [1, 1, 1e-9]);
        Assert.That(IndependentRowPeeling.Core(a, 2), Is.EqualTo(new[] { 0, 1 }));
    }
}
