using ConicDsl.Conic;

namespace ConicDsl.Compiler.Architectures;

/// <summary>
/// N(θ) = Σ_g weight_g·‖θ_{I_g}‖₂ over disjoint index groups; coordinates in no group are not penalised (a
/// seminorm, math.md §2.5(2)). One group of all coordinates is the Euclidean norm of §2; frequency groups with
/// weights (1/√d)·{1, √2, 1} are the spectral gauge of §5.3. Each group is one second-order cone (t_g, θ_{I_g}).
/// </summary>
public sealed class GroupNormPenalty : IBlockPenalty
{
    private readonly (int[] Indices, double Weight)[] _groups;

    public GroupNormPenalty(int dimension, IEnumerable<(int[] Indices, double Weight)> groups)
    {
        Dimension = dimension;
        _groups = groups.Select(g => (g.Indices.ToArray(), g.Weight)).ToArray();
        var seen = new HashSet<int>();
        foreach (var (indices, weight) in _groups)
        {
            if (weight <= 0) throw new ArgumentException("group weights must be positive");
            foreach (var i in indices)
                if (i < 0 || i >= dimension || !seen.Add(i)) throw new ArgumentException("groups must be disjoint indices into θ");
        }
    }

    /// <summary>‖θ_{0..penalised-1}‖₂: the Euclidean norm of the first <paramref name="penalised"/> coordinates.</summary>
    public static GroupNormPenalty Euclidean(int dimension, int? penalised = null) =>
        new(dimension, new[] { (Enumerable.Range(0, penalised ?? dimension).ToArray(), 1.0) });

    public int Dimension { get; }

    public IReadOnlyList<(int[] Indices, double Weight)> Groups => _groups;

    public void Emit(ConicProgramBuilder builder, string name, int first, double beta)
    {
        var t = builder.AddVariables($"{name}_norm", _groups.Length);
        for (int g = 0; g < _groups.Length; g++)
        {
            var (indices, weight) = _groups[g];
            var soc = builder.AddRows(_groups.Length == 1 ? name : $"{name}[{g}]", ConeKind.SecondOrder, indices.Length + 1);
            soc.Add(0, t.Offset + g, 1.0);
            for (int j = 0; j < indices.Length; j++) soc.Add(j + 1, first + indices[j], 1.0);
            builder.AddLinearObjective(t.Offset + g, beta * weight);
        }
    }

    public double Evaluate(ReadOnlySpan<double> theta)
    {
        double total = 0;
        foreach (var (indices, weight) in _groups)
        {
            double s = 0;
            foreach (var i in indices) s += theta[i] * theta[i];
            total += weight * Math.Sqrt(s);
        }
        return total;
    }
}
