using System.Diagnostics;
using System.Numerics;

namespace ConicDsl.Compiler.Patterns;

/// <summary>
/// Every open region of the central arrangement {g : x̃_sᵀg = 0} (math.md §3.4), exactly, with floating-point LPs
/// doing the search and exact certificates deciding it. The same depth-first search over the sign σ_k of each distinct
/// hyperplane as <see cref="Z3ArrangementEnumerator"/> (input reduction, witness shortcut, symmetry σ₀ = +1), so the
/// two produce the same regions; only the check of the side the witness does not settle differs:
/// <see cref="CellDecider"/> solves a small maximum-margin LP and accepts its answer only with an exact certificate
/// (an interior point whose signs are checked exactly, or a Gordan vector y ≥ 0, Σ y_k σ_k x_k = 0 in BigInteger),
/// handing the rare uncertified cell to Z3.
/// <para>
/// Witnesses are exact doubles (the LP's point rounded to a coarse grid), so the shortcut x_tᵀW ≠ 0 is decided by a
/// floating-point filter and almost never needs BigInteger. Sign vectors map back to n-length patterns by math.md §3.1;
/// the all-zero pattern is dropped; the result is sorted. <see cref="PatternSet.SolverChecks"/> counts Z3 checks (the
/// fallbacks); <see cref="Statistics"/> has the full account of the last build.
/// </para>
/// </summary>
public sealed class CertifiedArrangementEnumerator : IPatternSource
{
    public CertifiedArrangementEnumerator(long limit = ArrangementAnalysis.DefaultLimit, Action<long>? progress = null)
        : this(limit, progress, lpIterationCap: null)
    {
    }

    /// <summary>With a pivot cap per LP, so that tests can send many cells down the Z3 fallback.</summary>
    internal CertifiedArrangementEnumerator(long limit, Action<long>? progress, int? lpIterationCap)
    {
        if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit));
        Limit = limit;
        Progress = progress;
        _lpIterationCap = lpIterationCap;
    }

    private readonly int? _lpIterationCap;

    /// <summary>Largest number of regions this enumerator will produce; the bound is checked before any LP work.</summary>
    public long Limit { get; }

    /// <summary>Called with the number of regions found so far (every 1024 regions and at the end).</summary>
    public Action<long>? Progress { get; }

    /// <summary>How the last completed <see cref="Build"/> decided its cells; null before the first.</summary>
    public EnumerationStatistics? Statistics { get; private set; }

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

        int m = analysis.ReducedRowCount;
        var reduced = ReducedArrangement.From(xTilde, analysis);
        int r = reduced.Rank;
        var builder = new PatternSetBuilder(analysis.Samples);
        var recorder = new RegionRecorder(analysis, reduced.Pivots, builder);
        if (m == 0)
        {
            // No hyperplane: the whole space is the one region, and every (zero) row counts as active.
            recorder.Record(ReadOnlySpan<sbyte>.Empty, new BigInteger[r], withNegation: false);
            Progress?.Invoke(1);
            Statistics = new EnumerationStatistics(1, 0, 0, 0, 0, 0, clock.Elapsed);
            return builder.Build(PatternSet.SourceExact, 0, analysis, clock, solverChecks: 0, exactRank: r);
        }

        using var decider = new CellDecider(reduced, _lpIterationCap);
        var rows = reduced.Rows;
        var signs = new sbyte[m];
        long regions = 0;
        var stack = new Stack<Frame>();

        void TryDescend(int t, sbyte sign)
        {
            ct.ThrowIfCancellationRequested();
            signs[t] = sign;
            if (decider.Decide(signs, t + 1) is { } point) stack.Push(new Frame(t + 1, point));
        }

        // Root: σ₀ = +1, witnessed by x₀ itself (x₀ᵀx₀ > 0).
        signs[0] = 1;
        stack.Push(new Frame(1, CellPoint.Exact((double[])rows[0].Clone())));
        while (stack.Count > 0)
        {
            var frame = stack.Peek();
            int t = frame.Level;
            if (t == m)
            {
                recorder.Record(signs, UnitScaled(frame.Point.Gate), withNegation: true);
                regions += 2;
                if (regions > Limit)
                    throw new ExactEnumerationRefusedException(estimate,
                        $"exact enumeration stopped: more than {Limit} regions although the bound estimate was " +
                        $"{estimate.Bound} (the data are numerically rank-deficient but exactly of higher rank)");
                if (Progress is not null && (regions & 1023) == 0) Progress(regions);
                stack.Pop();
                continue;
            }
            switch (frame.Stage)
            {
                case 0:
                    int side = frame.Point.Witness is { } w ? ExactArithmetic.SignOfDot(rows[t], w) : 0;
                    frame.Stage = 1;
                    if (side != 0)
                    {
                        frame.OtherSign = (sbyte)-side;
                        signs[t] = (sbyte)side;
                        stack.Push(new Frame(t + 1, frame.Point));
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
                    break;
            }
        }
        Progress?.Invoke(regions);
        Statistics = new EnumerationStatistics(regions, decider.LpSolves, decider.PointCertificates,
            decider.GordanCertificates, decider.Z3Fallbacks, decider.Z3Checks, clock.Elapsed);
        return builder.Build(PatternSet.SourceExact, 0, analysis, clock, decider.Z3Checks, exactRank: r);
    }

    private static double[] UnitScaled(double[] gate)
    {
        double largest = 0;
        foreach (var v in gate) largest = Math.Max(largest, Math.Abs(v));
        return largest > 0 ? gate.Select(v => v / largest).ToArray() : (double[])gate.Clone();
    }

    private sealed class Frame(int level, CellPoint point)
    {
        public int Level { get; } = level;
        public CellPoint Point { get; } = point;
        public int Stage { get; set; }
        public sbyte OtherSign { get; set; }
    }
}
