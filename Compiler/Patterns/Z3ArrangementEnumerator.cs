using System.Diagnostics;
using System.Numerics;

namespace ConicDsl.Compiler.Patterns;

/// <summary>
/// Every open region of the central arrangement {g : x̃_sᵀg = 0} (math.md §3.4), by depth-first search over the
/// sign σ_k of each distinct hyperplane with an incremental Z3 solver (push/pop), in exact rational arithmetic.
/// The compiler uses <see cref="CertifiedArrangementEnumerator"/> (the same search, with LPs and exact certificates,
/// 80–200 times less CPU time in bench/results/enumeration.md); this one stays as the reference the tests and the
/// benchmark compare it with.
/// <list type="bullet">
/// <item>Input reduction: zero rows dropped and parallel / anti-parallel rows merged (<see cref="ArrangementAnalysis"/>),
/// each row replaced by its primitive integer multiple (a positive scaling, so no sign changes), and the columns
/// restricted to r exactly independent ones (Bareiss): {X̃u} = {X̃_S w}, so the regions correspond one to one and
/// Z3 works in r variables with integer coefficients.</item>
/// <item>Strict inequalities σ_k x_kᵀw &gt; 0 are asserted as σ_k x_kᵀw ≥ 1; the cells are open cones, so the two
/// systems are feasible together.</item>
/// <item>Witness shortcut: every partial cell carries an integer point W strictly inside it. When x_tᵀW ≠ 0
/// (computed exactly in BigInteger) the side containing W is feasible with the same W and needs no solver call;
/// only the other side is checked. When x_tᵀW = 0 both sides are checked. A Z3 model is an exact rational point
/// satisfying the ≥ 1 system, hence strictly inside; it is scaled to integers.</item>
/// <item>Symmetry: −w lies in the region −σ, so only σ₀ = +1 is searched and every region found adds its negation.</item>
/// </list>
/// Sign vectors map back to n-length patterns by math.md §3.1: zero rows active, merged rows copy, anti-parallel
/// rows complement. The all-zero pattern is dropped; the result is sorted.
/// <para>
/// Cost: one Z3 check per (partial cell, hyperplane) pair that the witness does not settle, about Σ_t R(t) for
/// R(t) the region count of the first t hyperplanes; most are infeasible sides, which no witness can settle.
/// Each check's time grows with the coefficient size: generic doubles become ~53-bit integers and run roughly ten
/// times slower than small integers (measured: 8180 regions of n = 30, d = 3 + bias in ~115 s for Gaussian data,
/// ~13 s for integers in [−100, 100]). Data read from decimal text would be cheaper as exact decimals.
/// </para>
/// </summary>
public sealed class Z3ArrangementEnumerator : IPatternSource
{
    public Z3ArrangementEnumerator(long limit = ArrangementAnalysis.DefaultLimit, Action<long>? progress = null)
    {
        if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit));
        Limit = limit;
        Progress = progress;
    }

    /// <summary>Largest number of regions this enumerator will produce; the bound is checked before any Z3 work.</summary>
    public long Limit { get; }

    /// <summary>Called with the number of regions found so far (every 1024 regions and at the end).</summary>
    public Action<long>? Progress { get; }

    public ExactCountEstimate EstimateExactCount(double[,] xTilde) =>
        ArrangementAnalysis.EstimateExactCount(xTilde, Limit);

    public PatternSet Build(double[,] xTilde, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var analysis = ArrangementAnalysis.Analyze(xTilde);
        var estimate = new ExactCountEstimate(
            analysis.BoundExact, analysis.NumericRank, analysis.ReducedRowCount, analysis.Samples, Limit);
        if (estimate.ExceedsLimit) throw new ExactEnumerationRefusedException(estimate);
        ct.ThrowIfCancellationRequested();

        int n = analysis.Samples, m = analysis.ReducedRowCount;
        var reduced = ReducedArrangement.From(xTilde, analysis);
        int r = reduced.Rank;
        var rows = reduced.IntegerRows;

        var builder = new PatternSetBuilder(n);
        var recorder = new RegionRecorder(analysis, reduced.Pivots, builder);
        if (m == 0)
        {
            // No hyperplane: the whole space is the one region, and every (zero) row counts as active.
            recorder.Record(ReadOnlySpan<sbyte>.Empty, new BigInteger[r], withNegation: false);
            Progress?.Invoke(1);
            return builder.Build(PatternSet.SourceExact, 0, analysis, clock, solverChecks: 0, exactRank: r);
        }

        using var session = new Z3Session();
        var variables = Enumerable.Range(0, r).Select(j => session.RealVariable($"w{j}")).ToArray();
        var one = session.Numeral(BigInteger.One);
        var minusOne = session.Numeral(BigInteger.MinusOne);
        var positive = new IntPtr[m];
        var negative = new IntPtr[m];
        for (int k = 0; k < m; k++)
        {
            var form = session.Linear(rows[k], variables);
            positive[k] = session.GreaterOrEqual(form, one);
            negative[k] = session.LessOrEqual(form, minusOne);
        }

        var signs = new sbyte[m];
        long regions = 0;
        var stack = new Stack<Frame>();

        bool TryDescend(int t, sbyte sign)
        {
            ct.ThrowIfCancellationRequested();
            session.Push();
            session.Assert(sign > 0 ? positive[t] : negative[t]);
            if (!session.Check())
            {
                session.Pop();
                return false;
            }
            signs[t] = sign;
            stack.Push(new Frame(t + 1, ExactArithmetic.IntegerPoint(session.ModelValues(variables))));
            return true;
        }

        // Root: σ₀ = +1, witnessed by x₀ itself (x₀ᵀx₀ > 0).
        session.Push();
        session.Assert(positive[0]);
        signs[0] = 1;
        stack.Push(new Frame(1, (BigInteger[])rows[0].Clone()));
        while (stack.Count > 0)
        {
            var frame = stack.Peek();
            int t = frame.Level;
            if (t == m)
            {
                recorder.Record(signs, frame.Witness, withNegation: true);
                regions += 2;
                if (regions > Limit)
                    throw new ExactEnumerationRefusedException(estimate,
                        $"exact enumeration stopped: more than {Limit} regions although the bound estimate was " +
                        $"{estimate.Bound} (the data are numerically rank-deficient but exactly of higher rank)");
                if (Progress is not null && (regions & 1023) == 0) Progress(regions);
                stack.Pop();
                session.Pop();
                continue;
            }
            switch (frame.Stage)
            {
                case 0:
                    int side = ExactArithmetic.Dot(rows[t], frame.Witness).Sign;
                    frame.Stage = 1;
                    if (side != 0)
                    {
                        frame.OtherSign = (sbyte)-side;
                        session.Push();
                        session.Assert(side > 0 ? positive[t] : negative[t]);
                        signs[t] = (sbyte)side;
                        stack.Push(new Frame(t + 1, frame.Witness));
                    }
                    else
                    {
                        frame.OtherSign = -1;
                        TryDescend(t, 1);
                    }
                    break;
                case 1:
                    frame.Stage = 2;
                    TryDescend(t, frame.OtherSign);
                    break;
                default:
                    stack.Pop();
                    session.Pop();
                    break;
            }
        }
        Progress?.Invoke(regions);
        return builder.Build(PatternSet.SourceExact, 0, analysis, clock, session.Checks, exactRank: r);
    }

    private sealed class Frame(int level, BigInteger[] witness)
    {
        public int Level { get; } = level;
        public BigInteger[] Witness { get; } = witness;
        public int Stage { get; set; }
        public sbyte OtherSign { get; set; }
    }
}
