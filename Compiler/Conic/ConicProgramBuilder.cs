using System.Collections.Immutable;

namespace ConicDsl.Conic;

/// <summary>The kind of cone a group of rows belongs to; the order of the members is the standard-form order.</summary>
public enum ConeKind
{
    Zero = 0,
    NonNegative = 1,
    SecondOrder = 2,
    /// <summary>One PSD cone of order k: the group has k(k+1)/2 rows holding svec(S) (see <see cref="ConeLayout"/>).</summary>
    Psd = 3,
    /// <summary>Exponential cones: the group has 3 rows (x, y, z) per cone, see <see cref="ConeLayout"/>.</summary>
    Exponential = 4,
}

/// <summary>
/// A group of constraint rows of one cone kind, written as affine expressions of the variables:
/// row r states <c>s_r = Σ coef·x + constant ∈ K</c>. The builder turns that into the standard form's
/// <c>A = −coef</c>, <c>b = constant</c>, so lowerings never handle the sign flip themselves.
/// </summary>
public sealed class RowGroup
{
    internal RowGroup(string name, ConeKind kind, int count)
    {
        Name = name;
        Kind = kind;
        Count = count;
        Constants = new double[count];
    }

    public string Name { get; }
    public ConeKind Kind { get; }
    /// <summary>The matrix order of a PSD group; the number of cones of an exponential group.</summary>
    public int Order { get; internal init; }
    public int Count { get; }
    internal List<(int Row, int Variable, double Coef)> Terms { get; } = new();
    internal double[] Constants { get; }

    public void Add(int row, int variable, double coefficient)
    {
        if ((uint)row >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(row));
        if (coefficient != 0) Terms.Add((row, variable, coefficient));
    }

    public void SetConstant(int row, double constant) => Constants[row] = constant;
}

/// <summary>
/// Assembles a <see cref="ConicProgram"/> from named variable blocks and row groups. Row groups of each cone
/// kind keep their insertion order; the kinds are laid out zero, nonnegative, second-order, PSD, exponential.
/// </summary>
public sealed class ConicProgramBuilder
{
    private readonly List<Block> _variables = new();
    private readonly List<RowGroup> _groups = new();
    private readonly Dictionary<int, double> _linear = new();
    private readonly List<(int, int, double)> _quadratic = new();
    private int _variableCount;

    public double ObjectiveConstant { get; set; }

    public Block AddVariables(string name, int count)
    {
        var block = new Block(name, _variableCount, count);
        _variables.Add(block);
        _variableCount += count;
        return block;
    }

    public RowGroup AddRows(string name, ConeKind kind, int count)
    {
        if (kind == ConeKind.Psd) throw new ArgumentException("use AddPsd for PSD cones", nameof(kind));
        if (kind == ConeKind.Exponential) throw new ArgumentException("use AddExp for exponential cones", nameof(kind));
        var g = new RowGroup(name, kind, count);
        _groups.Add(g);
        return g;
    }

    /// <summary>A PSD cone of the given matrix order; row Svec.Index(order, i, j) holds entry (i, j) (scaled by √2 off the diagonal).</summary>
    public RowGroup AddPsd(string name, int order)
    {
        var g = new RowGroup(name, ConeKind.Psd, ConeLayout.SvecLength(order)) { Order = order };
        _groups.Add(g);
        return g;
    }

    /// <summary>
    /// <paramref name="count"/> exponential cones; rows 3k, 3k + 1, 3k + 2 hold (x, y, z) of cone k, which must
    /// satisfy y·exp(x/y) ≤ z, y ≥ 0 (SCS's ordering).
    /// </summary>
    public RowGroup AddExp(string name, int count)
    {
        var g = new RowGroup(name, ConeKind.Exponential, 3 * count) { Order = count };
        _groups.Add(g);
        return g;
    }

    /// <summary>Adds <paramref name="value"/> to the linear objective coefficient of a variable.</summary>
    public void AddLinearObjective(int variable, double value) =>
        _linear[variable] = _linear.GetValueOrDefault(variable) + value;

    /// <summary>Adds the term ½·value·x_i·x_j (+ the symmetric one when i ≠ j, i.e. value·x_i·x_j in total).</summary>
    public void AddQuadraticObjective(int i, int j, double value)
    {
        if (value == 0) return;
        _quadratic.Add((Math.Min(i, j), Math.Max(i, j), value));
    }

    public ConicProgram Build()
    {
        int n = _variableCount;
        var ordered = _groups.OrderBy(g => (int)g.Kind).ToList(); // OrderBy is stable
        var triplets = new List<(int, int, double)>();
        var b = new List<double>();
        var rowBlocks = ImmutableArray.CreateBuilder<Block>();
        var soc = ImmutableArray.CreateBuilder<int>();
        var psd = ImmutableArray.CreateBuilder<int>();
        int zero = 0, nonneg = 0, exp = 0, row = 0;
        foreach (var g in ordered)
        {
            foreach (var (r, v, coef) in g.Terms)
            {
                if ((uint)v >= (uint)n) throw new InvalidOperationException($"row group '{g.Name}' refers to variable {v} of {n}");
                triplets.Add((row + r, v, -coef));
            }
            b.AddRange(g.Constants);
            rowBlocks.Add(new Block(g.Name, row, g.Count));
            switch (g.Kind)
            {
                case ConeKind.Zero: zero += g.Count; break;
                case ConeKind.NonNegative: nonneg += g.Count; break;
                case ConeKind.SecondOrder: soc.Add(g.Count); break;
                case ConeKind.Psd: psd.Add(g.Order); break;
                case ConeKind.Exponential: exp += g.Order; break;
            }
            row += g.Count;
        }
        var c = new double[n];
        foreach (var (v, value) in _linear) c[v] = value;
        var p = _quadratic.Count == 0 ? null : SparseMatrix.FromTriplets(n, n, _quadratic);
        return new ConicProgram(
            SparseMatrix.FromTriplets(row, n, triplets),
            b.ToImmutableArray(),
            c.ToImmutableArray(),
            p,
            ObjectiveConstant,
            new ConeLayout(zero, nonneg, soc.ToImmutable(), psd.ToImmutable(), exp),
            _variables.ToImmutableArray(),
            rowBlocks.ToImmutable());
    }
}
