using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace ConicDsl.Compiler.Patterns;

/// <summary>
/// What the arrangement {g : x̃_sᵀg = 0} of X̃ looks like before any pattern is computed (math.md §3.1–3.2):
/// the reduced rows (zero rows removed, parallel and anti-parallel rows merged, exactly), the numerical rank and
/// the general-position region bound 2·Σ_{k&lt;r} C(n′−1, k).
/// </summary>
public sealed class ArrangementAnalysis
{
    public const long DefaultLimit = 100_000;

    private ArrangementAnalysis(
        int samples, int dimension, int numericRank, int[] representatives, int[] rowClass, sbyte[] orientation)
    {
        Samples = samples;
        Dimension = dimension;
        NumericRank = numericRank;
        Representatives = representatives;
        RowClass = rowClass;
        Orientation = orientation;
        BoundExact = RegionBound(representatives.Length, numericRank);
    }

    public int Samples { get; }
    public int Dimension { get; }

    /// <summary>Rank of X̃ from its singular values, counting σ_k &gt; max(n, d)·ε·σ_max (numpy's default rule).</summary>
    public int NumericRank { get; }

    /// <summary>n′, the number of distinct hyperplanes.</summary>
    public int ReducedRowCount => Representatives.Count;

    /// <summary>For each reduced row, the smallest original row index defining that hyperplane (ascending).</summary>
    public IReadOnlyList<int> Representatives { get; }

    /// <summary>For each original row, its reduced row, or −1 for a zero row.</summary>
    public IReadOnlyList<int> RowClass { get; }

    /// <summary>For each original row, +1 if it is a positive multiple of its representative, −1 if negative (0 for zero rows).</summary>
    public IReadOnlyList<sbyte> Orientation { get; }

    public BigInteger BoundExact { get; }
    public double Bound => (double)BoundExact;

    /// <summary>
    /// Upper bound on the number of regions of a central arrangement of <paramref name="hyperplanes"/> hyperplanes
    /// of rank <paramref name="rank"/>, attained in general position (Cover / Zaslavsky). With no hyperplane the
    /// whole space is one region.
    /// </summary>
    public static BigInteger RegionBound(int hyperplanes, int rank)
    {
        if (hyperplanes == 0) return BigInteger.One;
        BigInteger sum = BigInteger.Zero, binomial = BigInteger.One;   // C(n'−1, 0)
        for (int k = 0; k < rank; k++)
        {
            sum += binomial;
            binomial = binomial * (hyperplanes - 1 - k) / (k + 1);
        }
        return 2 * sum;
    }

    public static ExactCountEstimate EstimateExactCount(double[,] xTilde, long limit = DefaultLimit)
    {
        var a = Analyze(xTilde);
        return new ExactCountEstimate(a.BoundExact, a.NumericRank, a.ReducedRowCount, a.Samples, limit);
    }

    public static ArrangementAnalysis Analyze(double[,] xTilde)
    {
        ArgumentNullException.ThrowIfNull(xTilde);
        int n = xTilde.GetLength(0), d = xTilde.GetLength(1);
        for (int s = 0; s < n; s++)
            for (int j = 0; j < d; j++)
                if (!double.IsFinite(xTilde[s, j]))
                    throw new ArgumentException($"X̃[{s},{j}] is not a finite number ({xTilde[s, j]})");
        var (reps, rowClass, orientation) = ReduceRows(xTilde);
        return new ArrangementAnalysis(n, d, ComputeNumericRank(xTilde), reps, rowClass, orientation);
    }

    private const int TallRowThreshold = 2048;

    public static int ComputeNumericRank(double[,] xTilde)
    {
        int n = xTilde.GetLength(0), d = xTilde.GetLength(1);
        if (n == 0 || d == 0) return 0;
        var matrix = Matrix<double>.Build.DenseOfArray(xTilde);
        // MathNet's SVD allocates an n×n U even without vectors (overflow at n ≈ 46 000, gigabytes long before);
        // for tall data the thin QR's d×d R has the same singular values (Q is orthonormal), at O(nd²) cost.
        if (n > TallRowThreshold && n > d) matrix = matrix.QR(QRMethod.Thin).R;
        var singular = matrix.Svd(computeVectors: false).S;
        double max = singular.Count == 0 ? 0 : singular.AbsoluteMaximum();
        if (max == 0) return 0;
        double machineEpsilon = Math.BitIncrement(1.0) - 1.0;   // 2^-52; double.Epsilon is the smallest subnormal
        double tolerance = Math.Max(n, d) * machineEpsilon * max;
        return singular.Count(sv => sv > tolerance);
    }

    /// <summary>
    /// Rows are bucketed by their direction divided by the first nonzero entry, computed in doubles: rows that are
    /// exact multiples have the same real ratios, and correctly rounded division maps equal reals to equal
    /// doubles, so they always share a bucket. Rows sharing a bucket are then compared exactly (primitive integer
    /// vectors), so rounding can never merge two different hyperplanes.
    /// </summary>
    private static (int[] Reps, int[] RowClass, sbyte[] Orientation) ReduceRows(double[,] x)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var rowClass = new int[n];
        var orientation = new sbyte[n];
        var buckets = new Dictionary<double[], List<int>>(DirectionComparer.Instance);
        var order = new List<double[]>();
        for (int s = 0; s < n; s++)
        {
            int first = -1;
            for (int j = 0; j < d; j++) if (x[s, j] != 0) { first = j; break; }
            if (first < 0) { rowClass[s] = -1; continue; }
            var key = new double[d];
            double lead = x[s, first];
            for (int j = 0; j < d; j++)
            {
                double r = x[s, j] / lead;
                key[j] = r == 0 ? 0.0 : r;   // fold −0 into +0
            }
            if (!buckets.TryGetValue(key, out var members)) { buckets[key] = members = new List<int>(); order.Add(key); }
            members.Add(s);
        }

        // Classes are numbered by their smallest member so the reduction is independent of hashing.
        var classes = new List<(int Rep, List<int> Members)>();
        foreach (var key in order)
        {
            var members = buckets[key];
            if (members.Count == 1) { classes.Add((members[0], members)); continue; }
            var exact = new List<(BigInteger[] Canonical, List<int> Members)>();
            foreach (int s in members)
            {
                var canonical = CanonicalDirection(x, s);
                var hit = exact.FindIndex(e => e.Canonical.AsSpan().SequenceEqual(canonical));
                if (hit < 0) exact.Add((canonical, new List<int> { s }));
                else exact[hit].Members.Add(s);
            }
            foreach (var e in exact) classes.Add((e.Members[0], e.Members));
        }
        classes.Sort((a, b) => a.Rep.CompareTo(b.Rep));
        var reps = new int[classes.Count];
        for (int k = 0; k < classes.Count; k++)
        {
            reps[k] = classes[k].Rep;
            int repSign = LeadSign(x, reps[k]);
            foreach (int s in classes[k].Members)
            {
                rowClass[s] = k;
                orientation[s] = (sbyte)(LeadSign(x, s) == repSign ? 1 : -1);
            }
        }
        return (reps, rowClass, orientation);
    }

    private static int LeadSign(double[,] x, int s)
    {
        for (int j = 0; j < x.GetLength(1); j++) if (x[s, j] != 0) return Math.Sign(x[s, j]);
        return 0;
    }

    /// <summary>The primitive integer vector of the row's line, first nonzero entry made positive.</summary>
    private static BigInteger[] CanonicalDirection(double[,] x, int s)
    {
        var row = new double[x.GetLength(1)];
        for (int j = 0; j < row.Length; j++) row[j] = x[s, j];
        var v = ExactArithmetic.ToPrimitiveIntegers(row);
        if (LeadSign(x, s) < 0) for (int j = 0; j < v.Length; j++) v[j] = -v[j];
        return v;
    }

    private sealed class DirectionComparer : IEqualityComparer<double[]>
    {
        public static readonly DirectionComparer Instance = new();
        public bool Equals(double[]? a, double[]? b)
        {
            if (a is null || b is null || a.Length != b.Length) return false;
            for (int j = 0; j < a.Length; j++)
                if (BitConverter.DoubleToInt64Bits(a[j]) != BitConverter.DoubleToInt64Bits(b[j])) return false;
            return true;
        }
        public int GetHashCode(double[] a)
        {
            var h = new HashCode();
            foreach (var v in a) h.Add(BitConverter.DoubleToInt64Bits(v));
            return h.ToHashCode();
        }
    }
}
