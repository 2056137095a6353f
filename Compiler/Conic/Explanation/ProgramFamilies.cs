using System.Collections.Immutable;

namespace ConicDsl.Conic.Explanation;

/// <summary>
/// Groups a program's variable and row blocks into families (<see cref="BlockFamily"/>), in order of first
/// appearance, and says which cone each row family lies in by where its rows fall in the cone layout. Derived from
/// the program alone, so 'explain' describes what the backends will actually receive.
/// </summary>
public static class ProgramFamilies
{
    public static ImmutableArray<BlockFamily> Variables(ConicProgram program) =>
        Group(program.VariableBlocks, _ => "free");

    public static ImmutableArray<BlockFamily> Rows(ConicProgram program) =>
        Group(program.RowBlocks, block => ConeOf(program.Cones, block));

    /// <summary>The family name: the block name without a trailing [index].</summary>
    public static string FamilyName(string blockName)
    {
        int bracket = blockName.IndexOf('[');
        return bracket > 0 && blockName.EndsWith(']') ? blockName[..bracket] : blockName;
    }

    /// <summary>Variable families that the linear (c) or quadratic (P) part of the objective touches.</summary>
    public static (ImmutableArray<string> Linear, ImmutableArray<string> Quadratic) ObjectiveTerms(ConicProgram program)
    {
        var linear = new HashSet<int>();
        for (int i = 0; i < program.C.Length; i++)
            if (program.C[i] != 0) linear.Add(i);
        var quadratic = new HashSet<int>();
        if (program.P is { } p)
            for (int column = 0; column < p.Columns; column++)
                for (int k = p.ColumnPointers[column]; k < p.ColumnPointers[column + 1]; k++)
                    if (p.Values[k] != 0) { quadratic.Add(column); quadratic.Add(p.RowIndices[k]); }
        return (Touched(program.VariableBlocks, linear), Touched(program.VariableBlocks, quadratic));
    }

    private static ImmutableArray<string> Touched(ImmutableArray<Block> blocks, HashSet<int> columns) =>
        blocks.Where(b => Enumerable.Range(b.Offset, b.Length).Any(columns.Contains))
            .Select(b => FamilyName(b.Name)).Distinct().ToImmutableArray();

    private static ImmutableArray<BlockFamily> Group(ImmutableArray<Block> blocks, Func<Block, string> cone) =>
        blocks.GroupBy(b => FamilyName(b.Name))
            .Select(g =>
            {
                var cones = g.Select(cone).Distinct().ToArray();
                return new BlockFamily(g.Key, g.Count(), g.Sum(b => b.Length), cones.Length == 1 ? cones[0] : "mixed",
                    g.Select(b => b.Length).ToImmutableArray());
            })
            .ToImmutableArray();

    /// <summary>The cone of a row block, from the layout's fixed order (zero, nonneg, soc, psd, exp).</summary>
    private static string ConeOf(ConeLayout cones, Block block)
    {
        int first = block.Offset, last = block.Offset + block.Length - 1;
        string at(int row)
        {
            if (row < cones.Zero) return "zero";
            row -= cones.Zero;
            if (row < cones.NonNegative) return "nonneg";
            row -= cones.NonNegative;
            if (row < cones.SecondOrderRows) return "soc";
            row -= cones.SecondOrderRows;
            return row < cones.PsdRows ? "psd" : "exp";
        }
        var a = at(first);
        return block.Length == 0 || a == at(last) ? a : "mixed";
    }
}
