using System.Numerics;
using Microsoft.Z3;

namespace ConicDsl.Compiler.Patterns;

/// <summary>
/// A Z3 context plus one incremental solver over real variables, driven through Microsoft.Z3's <see cref="Native"/>
/// P/Invoke layer against the system libz3 (Debian ships 4.8.12). The high-level <c>Microsoft.Z3.Context</c> is
/// avoided on purpose: its constructor calls entry points that 4.8.12 lacks and its finalizers release handles
/// on the finalizer thread. Here the context is the non-reference-counted kind (<c>Z3_mk_context</c>): ASTs live
/// until the context is deleted, only solver and model objects are reference counted.
/// <para>
/// No finalizer: deleting a context from the finalizer thread races with nothing we control; callers must
/// dispose (the enumerator does so in a <c>using</c>). Not thread-safe, like the context itself.
/// </para>
/// </summary>
public sealed class Z3Session : IDisposable
{
    private static long s_contextsCreated;

    private IntPtr _ctx;
    private IntPtr _solver;
    private readonly IntPtr _realSort;
    // Kept in a field: native code holds the function pointer for the context's lifetime.
    private readonly Native.Z3_error_handler _errorHandler;

    public Z3Session()
    {
        _errorHandler = (_, _) => { };   // errors are reported by the Native wrappers' error-code check (Z3Exception)
        IntPtr cfg;
        try
        {
            cfg = Native.Z3_mk_config();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException
                                      or TypeInitializationException)
        {
            throw new Z3UnavailableException(e);
        }
        try
        {
            _ctx = Native.Z3_mk_context(cfg);
        }
        finally
        {
            Native.Z3_del_config(cfg);
        }
        Interlocked.Increment(ref s_contextsCreated);
        try
        {
            // Without this the library's default handler may print and abort the process on an API error.
            Native.Z3_set_error_handler(_ctx, _errorHandler);
            _realSort = Native.Z3_mk_real_sort(_ctx);
            _solver = Native.Z3_mk_solver(_ctx);
            Native.Z3_solver_inc_ref(_ctx, _solver);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Contexts created in this process; lets tests prove that a refusal made no solver work.</summary>
    public static long ContextsCreated => Interlocked.Read(ref s_contextsCreated);

    /// <summary>The loaded libz3's version, e.g. "4.8.12.0"; throws <see cref="Z3UnavailableException"/> if none.</summary>
    public static string NativeVersion()
    {
        try
        {
            uint major = 0, minor = 0, build = 0, revision = 0;
            Native.Z3_get_version(ref major, ref minor, ref build, ref revision);
            return $"{major}.{minor}.{build}.{revision}";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException
                                      or TypeInitializationException)
        {
            throw new Z3UnavailableException(e);
        }
    }

    public long Checks { get; private set; }

    private IntPtr Ctx => _ctx != IntPtr.Zero ? _ctx : throw new ObjectDisposedException(nameof(Z3Session));

    public IntPtr RealVariable(string name) =>
        Native.Z3_mk_const(Ctx, Native.Z3_mk_string_symbol(Ctx, name), _realSort);

    /// <summary>An exact real numeral; "p", "-p" or "p/q".</summary>
    public IntPtr Numeral(string rational) => Native.Z3_mk_numeral(Ctx, rational, _realSort);

    public IntPtr Numeral(BigInteger value) => Numeral(value.ToString());

    /// <summary>Σ_j c_j·v_j over the nonzero coefficients (0 if none).</summary>
    public IntPtr Linear(IReadOnlyList<BigInteger> coefficients, IReadOnlyList<IntPtr> variables)
    {
        var terms = new List<IntPtr>();
        for (int j = 0; j < coefficients.Count; j++)
        {
            if (coefficients[j].IsZero) continue;
            terms.Add(coefficients[j].IsOne
                ? variables[j]
                : Native.Z3_mk_mul(Ctx, 2, [Numeral(coefficients[j]), variables[j]]));
        }
        return terms.Count switch
        {
            0 => Numeral(BigInteger.Zero),
            1 => terms[0],
            _ => Native.Z3_mk_add(Ctx, (uint)terms.Count, terms.ToArray()),
        };
    }

    public IntPtr GreaterOrEqual(IntPtr a, IntPtr b) => Native.Z3_mk_ge(Ctx, a, b);
    public IntPtr LessOrEqual(IntPtr a, IntPtr b) => Native.Z3_mk_le(Ctx, a, b);

    public void Assert(IntPtr formula) => Native.Z3_solver_assert(Ctx, _solver, formula);
    public void Push() => Native.Z3_solver_push(Ctx, _solver);
    public void Pop(uint scopes = 1) => Native.Z3_solver_pop(Ctx, _solver, scopes);

    /// <summary>True if satisfiable, false if not; throws on "unknown" (not expected for linear real arithmetic).</summary>
    public bool Check()
    {
        Checks++;
        int result = Native.Z3_solver_check(Ctx, _solver);
        return result switch
        {
            1 => true,
            -1 => false,
            _ => throw new InvalidOperationException("Z3 returned 'unknown' on a linear real feasibility problem"),
        };
    }

    /// <summary>The last model's values of <paramref name="variables"/> as exact (numerator, denominator) pairs.</summary>
    public (BigInteger Numerator, BigInteger Denominator)[] ModelValues(IReadOnlyList<IntPtr> variables)
    {
        var model = Native.Z3_solver_get_model(Ctx, _solver);
        Native.Z3_model_inc_ref(Ctx, model);
        try
        {
            var values = new (BigInteger, BigInteger)[variables.Count];
            for (int j = 0; j < variables.Count; j++)
            {
                IntPtr value = IntPtr.Zero;
                if (Native.Z3_model_eval(Ctx, model, variables[j], 1, ref value) == 0)
                    throw new InvalidOperationException("Z3 could not evaluate a model variable");
                values[j] = ParseRational(Native.Z3_get_numeral_string(Ctx, value));
            }
            return values;
        }
        finally
        {
            Native.Z3_model_dec_ref(Ctx, model);
        }
    }

    internal static (BigInteger Numerator, BigInteger Denominator) ParseRational(string text)
    {
        int slash = text.IndexOf('/');
        if (slash < 0) return (BigInteger.Parse(text), BigInteger.One);
        return (BigInteger.Parse(text.AsSpan(0, slash)), BigInteger.Parse(text.AsSpan(slash + 1)));
    }

    public void Dispose()
    {
        if (_ctx == IntPtr.Zero) return;
        try
        {
            if (_solver != IntPtr.Zero) Native.Z3_solver_dec_ref(_ctx, _solver);
        }
        finally
        {
            _solver = IntPtr.Zero;
            Native.Z3_del_context(_ctx);
            _ctx = IntPtr.Zero;
            GC.KeepAlive(_errorHandler);
        }
    }
}
