using System.Numerics;
using ConicDsl.Compiler.Patterns;

namespace ConicDsl.Compiler.Architectures.ConvDense;

/// <summary>
/// The regions of the second layer's arrangement {θ : m_sᵀθ = 0} inside one open first-layer product cone Q
/// (math.md §6), in exact rational arithmetic with Z3: depth-first over the samples' signs, strict inequalities
/// asserted as ≥ 1 / ≤ −1 (the sets are open cones, so this is equivalent), and every partial cell carrying an
/// integer point strictly inside it so that the side containing the point needs no solver call (the same device as
/// <see cref="Z3ArrangementEnumerator"/>).
/// <para>
/// Why these regions suffice: Q is full-dimensional in the live coordinates, so every point of its closure is a
/// limit of points of Q off all hyperplanes; those lie in the open regions found here, and the regions' closures are
/// closed, so they cover the closure of Q. A zero row m_s is a tie and counts as active (conventions.md).
/// </para>
/// One session serves every product cone (push/pop); ASTs live until the session is disposed.
/// </summary>
public sealed class SecondLayerSearch : IDisposable
{
    private readonly Z3Session _session = new();
    private readonly IntPtr[] _variables;
    private readonly IntPtr _one, _minusOne;

    public SecondLayerSearch(int dimension)
    {
        _variables = Enumerable.Range(0, dimension).Select(j => _session.RealVariable($"c{j}")).ToArray();
        _one = _session.Numeral(BigInteger.One);
        _minusOne = _session.Numeral(BigInteger.MinusOne);
    }

    public long Checks => _session.Checks;

    /// <summary>Calls <paramref name="found"/> with D' and an interior point (max-norm 1) for every region of the
    /// responses' arrangement inside {θ : rowᵀθ &gt; 0 for every first-layer row}.</summary>
    public void Regions(IReadOnlyList<double[]> coneRows, IReadOnlyList<double[]?> responses,
        Action<bool[], double[]> found, CancellationToken ct)
    {
        int n = responses.Count;
        var hyperplanes = responses.Select(r => r is null ? null : ExactArithmetic.ToPrimitiveIntegers(r)).ToArray();
        var positive = new IntPtr[n];
        var negative = new IntPtr[n];
        for (int s = 0; s < n; s++)
        {
            if (hyperplanes[s] is not { } h) continue;
            var form = _session.Linear(h, _variables);
            positive[s] = _session.GreaterOrEqual(form, _one);
            negative[s] = _session.LessOrEqual(form, _minusOne);
        }
        var second = new bool[n];

        _session.Push();
        try
        {
            foreach (var row in coneRows)
                _session.Assert(_session.GreaterOrEqual(_session.Linear(ExactArithmetic.ToPrimitiveIntegers(row), _variables), _one));
            // Open first-layer cones are never empty; a failed check would mean an unexpected input, not a region.
            if (!_session.Check()) return;
            Search(0, Point());
        }
        finally
        {
            _session.Pop();
        }

        void Search(int s, BigInteger[] witness)
        {
            ct.ThrowIfCancellationRequested();
            while (s < n && hyperplanes[s] is null) second[s++] = true;
            if (s == n)
            {
                found((bool[])second.Clone(), ExactArithmetic.ToUnitScaledDoubles(witness));
                return;
            }
            int side = ExactArithmetic.Dot(hyperplanes[s]!, witness).Sign;
            foreach (int sign in side < 0 ? new[] { -1, 1 } : new[] { 1, -1 })
            {
                _session.Push();
                _session.Assert(sign > 0 ? positive[s] : negative[s]);
                var next = sign == side ? witness : _session.Check() ? Point() : null;
                if (next is not null)
                {
                    second[s] = sign > 0;
                    Search(s + 1, next);
                }
                _session.Pop();
            }
        }
    }

    /// <summary>The last model as a primitive integer point (a positive multiple of the rational one).</summary>
    private BigInteger[] Point()
    {
        var values = _session.ModelValues(_variables);
        BigInteger lcm = BigInteger.One;
        foreach (var (_, q) in values) lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, q) * q;
        var point = values.Select(v => v.Numerator * (lcm / v.Denominator)).ToArray();
        ExactArithmetic.MakePrimitive(point);
        return point;
    }

    public void Dispose() => _session.Dispose();
}
