using System.Numerics;

namespace ConicDsl.Compiler.Patterns;

/// <summary>
/// One exact Z3 decision for a whole cell {w : σ_k x_kᵀw &gt; 0, k &lt; count}, asserted as σ_k x_kᵀw ≥ 1 (the cell is
/// an open cone, so both systems are feasible together) in a push/pop scope. The fallback of
/// <see cref="CertifiedArrangementEnumerator"/> for the rare cell whose LP answer could not be certified; the Z3
/// context is created on first use only, so most enumerations never load libz3.
/// </summary>
internal sealed class Z3CellOracle : IDisposable
{
    private readonly BigInteger[][] _rows;
    private Z3Session? _session;
    private IntPtr[] _variables = [];
    private IntPtr[] _positive = [];
    private IntPtr[] _negative = [];

    public Z3CellOracle(BigInteger[][] integerRows) => _rows = integerRows;

    public long Checks => _session?.Checks ?? 0;

    /// <summary>An integer point strictly inside the cell, or null when Z3 proves it empty.</summary>
    public BigInteger[]? Decide(ReadOnlySpan<sbyte> signs, int count)
    {
        var session = Session();
        session.Push();
        try
        {
            for (int k = 0; k < count; k++) session.Assert(signs[k] > 0 ? _positive[k] : _negative[k]);
            return session.Check() ? ExactArithmetic.IntegerPoint(session.ModelValues(_variables)) : null;
        }
        finally
        {
            session.Pop();
        }
    }

    private Z3Session Session()
    {
        if (_session is not null) return _session;
        var session = new Z3Session();
        try
        {
            int r = _rows.Length == 0 ? 0 : _rows[0].Length;
            _variables = Enumerable.Range(0, r).Select(j => session.RealVariable($"w{j}")).ToArray();
            var one = session.Numeral(BigInteger.One);
            var minusOne = session.Numeral(BigInteger.MinusOne);
            _positive = new IntPtr[_rows.Length];
            _negative = new IntPtr[_rows.Length];
            for (int k = 0; k < _rows.Length; k++)
            {
                var form = session.Linear(_rows[k], _variables);
                _positive[k] = session.GreaterOrEqual(form, one);
                _negative[k] = session.LessOrEqual(form, minusOne);
            }
        }
        catch
        {
            session.Dispose();
            throw;
        }
        return _session = session;
    }

    public void Dispose() => _session?.Dispose();
}
