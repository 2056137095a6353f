using NUnit.Framework;
using System.Collections.Immutable;
using System.Diagnostics;
using ConicDsl.Backends;
using ConicDsl.Backends.Csdp;
using ConicDsl.Backends.Cvxopt;
using ConicDsl.Conic;
using MathNet.Numerics.LinearAlgebra;
using static ConicDsl.Tests.Backends.Native.NativeTestPrograms;

namespace ConicDsl.Tests.Backends.Native;

/// <summary>
/// Semidefinite programs through the native IPM. Each test names its reference: a closed form evaluated with
/// MathNet's eigenvalue/singular value routines, or the CVXOPT and CSDP backends (independent implementations,
/// run as external programs). CSDP takes no quadratic objective, so QPs are compared with CVXOPT only.
/// </summary>
public class PsdProgramTests
{
    private static double[] SvecOf(Matrix<double> m)
    {
        var v = new double[ConeLayout.SvecLength(m.RowCount)];
        Svec.FromMatrix(m.ToArray(), v);
        return v;
    }

    private static Matrix<double> MatrixOf(ReadOnlySpan<double> v, int k) => Matrix<double>.Build.DenseOfArray(Svec.ToMatrix(v, k));

    private static double[] Eigenvalues(Matrix<double> m) =>
        m.Evd(Symmetricity.Symmetric).EigenValues.Select(e => e.Real).OrderBy(e => e).ToArray();

    /// <summary>min tr(CX) s.t. tr X = 1, X ⪰ 0 with x = svec(X).</summary>
    private static ConicProgram MinEigenvalueSdp(Matrix<double> c)
    {
        int k = c.RowCount, len = ConeLayout.SvecLength(k);
        var b = new ConicProgramBuilder();
        b.AddVariables("svec X", len);
        var sc = SvecOf(c);
        for (int i = 0; i < len; i++) b.AddLinearObjective(i, sc[i]);
        var trace = b.AddRows("tr X = 1", ConeKind.Zero, 1);
        for (int i = 0; i < k; i++) trace.Add(0, Svec.Index(k, i, i), 1);
        trace.SetConstant(0, -1);
        var psd = b.AddPsd("X", k);
        for (int i = 0; i < len; i++) psd.Add(i, i, 1);
        return b.Build();
    }

    [Test]
    public void MinimumOfTraceCxOverTheSpectraplexIsTheSmallestEigenvalue()
    {
        // Reference: λ_min(C) and its eigenvector v from MathNet's symmetric eigen-decomposition; X* = vvᵀ.
        var rng = new Random(11);
        int k = 6;
        var m = Matrix<double>.Build.Dense(k, k, (_, _) => rng.NextDouble() * 2 - 1);
        var c = 0.5 * (m + m.Transpose());
        var program = MinEigenvalueSdp(c);
        var r = Solve(program);
        AssertOptimal(program, r);
        var evd = c.Evd(Symmetricity.Symmetric);
        int imin = Enumerable.Range(0, k).MinBy(i => evd.EigenValues[i].Real);
        Assert.That(r.PrimalObjective, Is.EqualTo(evd.EigenValues[imin].Real).Within(1e-7));
        var v = evd.EigenVectors.Column(imin);
        var x = MatrixOf(r.X.AsSpan(), k);
        Assert.That((x - v.OuterProduct(v)).FrobeniusNorm(), Is.LessThan(1e-4), "X* = vvᵀ (the gap is 1e-8, the eigen-gap is O(0.1))");
    }

    [Test]
    public void MaxCutRelaxationOfTheFiveCycle()
    {
        // max ¼ tr(LX) s.t. diag X = 1, X ⪰ 0 for the 5-cycle. Reference: the closed form of the Goemans–Williamson
        // bound for odd cycles, (n/2)(1 + cos(π/n)) = (25 + 5√5)/8 for n = 5, which for this vertex-transitive graph is
        // also (n/4)·λ_max(L) (checked against MathNet's eigenvalues).
        int n = 5, len = ConeLayout.SvecLength(n);
        var lap = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
        {
            int j = (i + 1) % n;
            lap[i, i] += 1; lap[j, j] += 1; lap[i, j] -= 1; lap[j, i] -= 1;
        }
        double closed = (25 + 5 * Math.Sqrt(5)) / 8;
        Assert.That(n / 4.0 * Eigenvalues(lap).Max(), Is.EqualTo(closed).Within(1e-12));

        var b = new ConicProgramBuilder();
        b.AddVariables("svec X", len);
        var sl = SvecOf(lap);
        for (int i = 0; i < len; i++) b.AddLinearObjective(i, -0.25 * sl[i]); // maximize → minimize the negative
        var diag = b.AddRows("diag X = 1", ConeKind.Zero, n);
        for (int i = 0; i < n; i++)
        {
            diag.Add(i, Svec.Index(n, i, i), 1);
            diag.SetConstant(i, -1);
        }
        var psd = b.AddPsd("X", n);
        for (int i = 0; i < len; i++) psd.Add(i, i, 1);
        var program = b.Build();
        var r = Solve(program);
        AssertOptimal(program, r);
        Assert.That(-r.PrimalObjective, Is.EqualTo(closed).Within(1e-7));
        var x = MatrixOf(r.X.AsSpan(), n);
        for (int i = 0; i < n; i++) Assert.That(x[i, i], Is.EqualTo(1).Within(1e-7));
        Assert.That(Eigenvalues(x).Min(), Is.GreaterThan(-1e-7));
    }

    [Test]
    public void NuclearNormThroughTheSchurComplementBlock()
    {
        // ‖M‖_* = min ½(tr W₁ + tr W₂) s.t. [[W₁, M], [Mᵀ, W₂]] ⪰ 0. Reference: the sum of M's singular values (MathNet SVD).
        var rng = new Random(12);
        int p = 3, q = 2, k = p + q;
        var mm = Matrix<double>.Build.Dense(p, q, (_, _) => rng.NextDouble() * 4 - 2);
        double nuclear = mm.Svd().S.Sum();

        var b = new ConicProgramBuilder();
        var w1 = b.AddVariables("svec W1", ConeLayout.SvecLength(p));
        var w2 = b.AddVariables("svec W2", ConeLayout.SvecLength(q));
        for (int i = 0; i < p; i++) b.AddLinearObjective(w1.Offset + Svec.Index(p, i, i), 0.5);
        for (int i = 0; i < q; i++) b.AddLinearObjective(w2.Offset + Svec.Index(q, i, i), 0.5);
        var psd = b.AddPsd("[[W1, M], [Mᵀ, W2]]", k);
        for (int j = 0; j < k; j++)
            for (int i = j; i < k; i++)
            {
                int row = Svec.Index(k, i, j);
                if (i < p) psd.Add(row, w1.Offset + Svec.Index(p, i, j), 1);            // both indices in the W₁ block
                else if (j >= p) psd.Add(row, w2.Offset + Svec.Index(q, i - p, j - p), 1); // both in W₂
                else psd.SetConstant(row, Math.Sqrt(2) * mm[j, i - p]);                 // entry (i, j) = (Mᵀ)_{i−p, j}
            }
        var program = b.Build();
        var r = Solve(program);
        AssertOptimal(program, r);
        Assert.That(r.PrimalObjective, Is.EqualTo(nuclear).Within(1e-7 * nuclear));
    }

    [Test]
    public void LovaszThetaOfTheFiveCycleIsRootFive()
    {
        // ϑ(C₅) = max tr(JX) s.t. tr X = 1, X_ij = 0 on the edges, X ⪰ 0. Reference: Lovász's closed form ϑ(C₅) = √5.
        int n = 5, len = ConeLayout.SvecLength(n);
        var b = new ConicProgramBuilder();
        b.AddVariables("svec X", len);
        for (int j = 0; j < n; j++)
            for (int i = j; i < n; i++) b.AddLinearObjective(Svec.Index(n, i, j), i == j ? -1 : -Math.Sqrt(2)); // −tr(JX)
        var eq = b.AddRows("tr X = 1, X on edges = 0", ConeKind.Zero, 1 + n);
        for (int i = 0; i < n; i++) eq.Add(0, Svec.Index(n, i, i), 1);
        eq.SetConstant(0, -1);
        for (int i = 0; i < n; i++) eq.Add(1 + i, Svec.Index(n, (i + 1) % n, i), 1);
        var psd = b.AddPsd("X", n);
        for (int i = 0; i < len; i++) psd.Add(i, i, 1);
        var program = b.Build();
        var r = Solve(program);
        AssertOptimal(program, r);
        Assert.That(-r.PrimalObjective, Is.EqualTo(Math.Sqrt(5)).Within(1e-7));
    }

    [Test]
    public void ProgramWithoutAStrictlyFeasiblePointStillConverges()
    {
        // min tr(CX) s.t. tr X = 1, X₀₀ = 0, X ⪰ 0: X₀₀ = 0 forces X's first row and column to vanish, so no X ≻ 0 is
        // feasible (no Slater point). The optimum is λ_min of C's trailing 2×2 block [[2, 1], [1, 3]], (5 − √5)/2.
        // Reference: that closed form. (Measured: CVXOPT stops at its iteration limit and CSDP is inaccurate here.)
        var c = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 5, 0 }, { 5, 2, 1 }, { 0, 1, 3 } });
        var withZero = new ConicProgramBuilder();
        withZero.AddVariables("svec X", 6);
        var sc = SvecOf(c);
        for (int i = 0; i < 6; i++) withZero.AddLinearObjective(i, sc[i]);
        var eq = withZero.AddRows("tr X = 1, X₀₀ = 0", ConeKind.Zero, 2);
        for (int i = 0; i < 3; i++) eq.Add(0, Svec.Index(3, i, i), 1);
        eq.SetConstant(0, -1);
        eq.Add(1, Svec.Index(3, 0, 0), 1);
        var psd = withZero.AddPsd("X", 3);
        for (int i = 0; i < 6; i++) psd.Add(i, i, 1);
        var program = withZero.Build();
        var r = Solve(program);
        AssertOptimal(program, r);
        Assert.That(r.PrimalObjective, Is.EqualTo((5 - Math.Sqrt(5)) / 2).Within(1e-7));
    }

    [Test]
    public void DenseLinearMatrixInequalityAgreesWithCsdp()
    {
        // min cᵀx s.t. F₀ + Σ x_iF_i ⪰ 0 with dense F_i (order 20, 5 variables): the KKT block is assembled by columns
        // (G = W⁻ᵀA_b). F₀ ≻ 0 makes x = 0 strictly feasible and c_i = tr(F_iZ₀) with Z₀ ≻ 0 makes the dual strictly
        // feasible. Reference: the CSDP backend (CVXOPT stops at its iteration limit on this program).
        var rng = new Random(20);
        int k = 20, p = 5, len = ConeLayout.SvecLength(k);
        Matrix<double> Spd()
        {
            var g = Matrix<double>.Build.Dense(k, k, (_, _) => rng.NextDouble() - 0.5);
            return g * g.Transpose() + Matrix<double>.Build.DenseIdentity(k);
        }
        var b = new ConicProgramBuilder();
        b.AddVariables("x", p);
        var lmi = b.AddPsd("F0 + Σ x_i F_i", k);
        var f0 = SvecOf(Spd());
        var z0 = SvecOf(Spd());
        for (int i = 0; i < len; i++) lmi.SetConstant(i, f0[i]);
        for (int v = 0; v < p; v++)
        {
            var g = Matrix<double>.Build.Dense(k, k, (_, _) => rng.NextDouble() - 0.5);
            var fi = SvecOf(g + g.Transpose());
            for (int i = 0; i < len; i++) lmi.Add(i, v, fi[i]);
            b.AddLinearObjective(v, fi.Zip(z0, (x, y) => x * y).Sum());
        }
        var program = b.Build();
        var r = Solve(program);
        AssertOptimal(program, r);
        var o = new CsdpBackend().Solve(program, new SolverSettings { TimeLimitSeconds = 60 });
        Assert.That(o.Status, Is.EqualTo(SolveStatus.Optimal), o.Message);
        Assert.That(r.PrimalObjective, Is.EqualTo(o.PrimalObjective).Within(1e-6 * Math.Abs(o.PrimalObjective)));
    }

    /// <summary>Euclidean projection of v onto the unit simplex (sort-based, Held–Wolfe–Crowder).</summary>
    private static double[] ProjectOntoSimplex(double[] v)
    {
        var u = v.OrderByDescending(e => e).ToArray();
        double sum = 0, theta = 0;
        for (int i = 0; i < u.Length; i++)
        {
            sum += u[i];
            double t = (sum - 1) / (i + 1);
            if (u[i] - t > 0) theta = t;
        }
        return v.Select(e => Math.Max(e - theta, 0)).ToArray();
    }

    [Test]
    public void QuadraticObjectiveSdpIsTheProjectionOntoTheSpectraplex()
    {
        // min ½‖X − C‖²_F s.t. tr X = 1, X ⪰ 0. The Frobenius norm is unitarily invariant, so X* shares C's eigenvectors
        // and its eigenvalues are the simplex projection of C's. Reference: MathNet eigenvalues + the sort-based simplex
        // projection; and the CVXOPT backend (coneqp) on the same program.
        var rng = new Random(13);
        int k = 5, len = ConeLayout.SvecLength(k);
        var m = Matrix<double>.Build.Dense(k, k, (_, _) => rng.NextDouble() * 2 - 1);
        var c = 0.5 * (m + m.Transpose());
        var lambda = Eigenvalues(c);
        var mu = ProjectOntoSimplex(lambda);
        double reference = 0.5 * lambda.Zip(mu, (l, u) => (l - u) * (l - u)).Sum();

        var sc = SvecOf(c);
        var b = new ConicProgramBuilder { ObjectiveConstant = 0.5 * sc.Sum(e => e * e) };
        b.AddVariables("svec X", len);
        for (int i = 0; i < len; i++)
        {
            b.AddQuadraticObjective(i, i, 1); // svec is an isometry: ½‖X − C‖² = ½‖x − svec C‖²
            b.AddLinearObjective(i, -sc[i]);
        }
        var trace = b.AddRows("tr X = 1", ConeKind.Zero, 1);
        for (int i = 0; i < k; i++) trace.Add(0, Svec.Index(k, i, i), 1);
        trace.SetConstant(0, -1);
        var psd = b.AddPsd("X", k);
        for (int i = 0; i < len; i++) psd.Add(i, i, 1);
        var program = b.Build();
        Assert.That(new CsdpBackend().Rejects(program), Is.Not.Null, "CSDP takes no quadratic objective");

        var r = Solve(program);
        AssertOptimal(program, r);
        Assert.That(r.PrimalObjective, Is.EqualTo(reference).Within(1e-7 * Math.Max(1, reference)));
        Assert.That(Eigenvalues(MatrixOf(r.X.AsSpan(), k)), Is.EqualTo(mu.OrderBy(e => e).ToArray()).Within(1e-4));
        var cv = new CvxoptBackend().Solve(program, new SolverSettings());
        Assert.That(cv.Status, Is.EqualTo(SolveStatus.Optimal), cv.Message);
        Assert.That(r.PrimalObjective, Is.EqualTo(cv.PrimalObjective).Within(1e-6 * Math.Max(1, reference)));
    }

    /// <summary>
    /// A random program over zero, nonnegative, second-order and PSD cones that is strictly feasible on both sides by
    /// construction: b = Ax₀ + s₀ with s₀ interior (zero on the equality rows) and c = −Aᵀy₀ with y₀ ∈ int K*, so an
    /// optimum exists and is attained. With <paramref name="quadratic"/>, P = BᵀB for a random 2×n B.
    /// </summary>
    internal static ConicProgram RandomMixed(int seed, int n, int zero, int nonneg, int[] soc, int[] psd, bool quadratic)
    {
        var rng = new Random(seed);
        var layout = new ConeLayout(zero, nonneg, soc.ToImmutableArray(), psd.ToImmutableArray());
        int m = layout.Rows;
        var a = new List<(int, int, double)>();
        var dense = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                if (rng.NextDouble() < 0.6) a.Add((i, j, dense[i, j] = rng.NextDouble() * 2 - 1));
        double[] Interior()
        {
            var v = new double[m];
            for (int i = zero; i < zero + nonneg; i++) v[i] = 0.5 + rng.NextDouble();
            foreach (var (s, q) in layout.SecondOrderBlocks())
            {
                double norm = 0;
                for (int i = 1; i < q; i++) { v[s + i] = rng.NextDouble() * 2 - 1; norm += v[s + i] * v[s + i]; }
                v[s] = Math.Sqrt(norm) + 0.5 + rng.NextDouble();
            }
            foreach (var (s, k) in layout.PsdBlocks())
            {
                var g = Matrix<double>.Build.Dense(k, k, (_, _) => rng.NextDouble() * 2 - 1);
                SvecOf(g * g.Transpose() / k + 0.5 * Matrix<double>.Build.DenseIdentity(k)).CopyTo(v, s);
            }
            return v;
        }
        var x0 = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var s0 = Interior();
        var y0 = Interior();
        for (int i = 0; i < zero; i++) y0[i] = rng.NextDouble() * 2 - 1;
        var bv = new double[m];
        var c = new double[n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                bv[i] += dense[i, j] * x0[j];
                c[j] -= dense[i, j] * y0[i];
            }
        for (int i = 0; i < m; i++) bv[i] += s0[i];
        List<(int, int, double)>? pUpper = null;
        if (quadratic)
        {
            var bq = Matrix<double>.Build.Dense(2, n, (_, _) => rng.NextDouble() * 2 - 1);
            var pm = bq.TransposeThisAndMultiply(bq);
            pUpper = new();
            for (int j = 0; j < n; j++)
                for (int i = 0; i <= j; i++) pUpper.Add((i, j, pm[i, j]));
        }
        return new ConicProgram(
            SparseMatrix.FromTriplets(m, n, a), bv.ToImmutableArray(), c.ToImmutableArray(),
            pUpper is null ? null : SparseMatrix.FromTriplets(n, n, pUpper), 0, layout,
            ImmutableArray<Block>.Empty, ImmutableArray<Block>.Empty);
    }

    [TestCase(1), TestCase(2), TestCase(3)]
    public void MixedLpSocPsdProgramAgreesWithCvxoptAndCsdp(int seed)
    {
        // Reference: the CVXOPT and CSDP backends on the same program (both independent interior-point codes).
        // CVXOPT is asked for 1e-7: at the default (the bridge passes tolerance/10 = 1e-9) its dense PSD KKT solver
        // reaches the optimum in ~9 iterations on seeds 1 and 2 but then keeps iterating until its scaling update
        // fails ("math domain error"), which the bridge reports as a numerical error.
        var program = RandomMixed(seed, n: 10, zero: 2, nonneg: 5, soc: new[] { 3, 4 }, psd: new[] { 3, 5 }, quadratic: false);
        var r = Solve(program);
        AssertOptimal(program, r);
        foreach (ISolverBackend reference in new ISolverBackend[] { new CvxoptBackend(), new CsdpBackend() })
        {
            var o = reference.Solve(program, new SolverSettings { Tolerance = reference.Name == "cvxopt" ? 1e-7 : 1e-8, TimeLimitSeconds = 60 });
            TestContext.Out.WriteLine($"seed {seed}: native {r.PrimalObjective:G12} ({r.Iterations} it), {reference.Name} {o.Status.ToWire()} {o.PrimalObjective:G12} ({o.Iterations} it)");
            Assert.That(o.Status, Is.EqualTo(SolveStatus.Optimal), $"{reference.Name}: {o.Message}");
            Assert.That(r.PrimalObjective, Is.EqualTo(o.PrimalObjective).Within(1e-6 * Math.Max(1, Math.Abs(o.PrimalObjective))), reference.Name);
        }
    }

    [TestCase(4), TestCase(5)]
    public void MixedProgramWithAQuadraticObjectiveAgreesWithCvxopt(int seed)
    {
        // Reference: CVXOPT's coneqp (CSDP refuses P ≠ 0).
        var program = RandomMixed(seed, n: 8, zero: 1, nonneg: 4, soc: new[] { 3 }, psd: new[] { 4 }, quadratic: true);
        var r = Solve(program);
        AssertOptimal(program, r);
        var o = new CvxoptBackend().Solve(program, new SolverSettings { Tolerance = 1e-7, TimeLimitSeconds = 60 }); // see above
        Assert.That(o.Status, Is.EqualTo(SolveStatus.Optimal), o.Message);
        Assert.That(r.PrimalObjective, Is.EqualTo(o.PrimalObjective).Within(1e-6 * Math.Max(1, Math.Abs(o.PrimalObjective))));
    }

    /// <summary>[[x, 1], [1, x]] ⪰ 0 (needs x ≥ 1) and x ≤ ½, minimizing x.</summary>
    private static ConicProgram InfeasibleSdp()
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 1);
        b.AddLinearObjective(0, 1);
        var le = b.AddRows("½ − x ≥ 0", ConeKind.NonNegative, 1);
        le.Add(0, 0, -1);
        le.SetConstant(0, 0.5);
        var psd = b.AddPsd("[[x, 1], [1, x]]", 2);
        psd.Add(Svec.Index(2, 0, 0), 0, 1);
        psd.Add(Svec.Index(2, 1, 1), 0, 1);
        psd.SetConstant(Svec.Index(2, 1, 0), Math.Sqrt(2));
        return b.Build();
    }

    /// <summary>minimize −x over [[x, 1], [1, y]] ⪰ 0, y ≤ 3: x grows without bound along (1, 0).</summary>
    private static ConicProgram UnboundedSdp()
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("x y", 2);
        b.AddLinearObjective(0, -1);
        var le = b.AddRows("3 − y ≥ 0", ConeKind.NonNegative, 1);
        le.Add(0, 1, -1);
        le.SetConstant(0, 3);
        var psd = b.AddPsd("[[x, 1], [1, y]]", 2);
        psd.Add(Svec.Index(2, 0, 0), 0, 1);
        psd.Add(Svec.Index(2, 1, 1), 1, 1);
        psd.SetConstant(Svec.Index(2, 1, 0), Math.Sqrt(2));
        return b.Build();
    }

    [Test]
    public void InfeasibleSdpGivesAFarkasCertificateWithAPsdBlock()
    {
        // Reference: the certificate itself, re-checked here by plain arithmetic (bᵀy = −1, Aᵀy ≈ 0, y_nonneg ≥ 0 and
        // the 2×2 block PSD by MathNet's eigenvalues); CVXOPT and CSDP must agree on the status.
        var program = InfeasibleSdp();
        var r = Solve(program);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Infeasible), r.Message);
        var y = r.Y.ToArray();
        Assert.That(program.B.Zip(y, (bi, yi) => bi * yi).Sum(), Is.EqualTo(-1).Within(1e-12));
        Assert.That(program.A.TransposeMultiply(y).Max(Math.Abs), Is.LessThan(1e-8));
        Assert.That(y[0], Is.GreaterThanOrEqualTo(0));
        Assert.That(Eigenvalues(MatrixOf(y.AsSpan(1, 3), 2)).Min(), Is.GreaterThanOrEqualTo(-1e-12));
        foreach (ISolverBackend other in new ISolverBackend[] { new CvxoptBackend(), new CsdpBackend() })
            Assert.That(other.Solve(program, new SolverSettings()).Status, Is.EqualTo(SolveStatus.Infeasible), other.Name);
    }

    [Test]
    public void UnboundedSdpGivesARecessionDirection()
    {
        // Reference: the direction re-checked by plain arithmetic (cᵀx = −1, −Ax PSD by MathNet's eigenvalues and
        // nonnegative on the orthant row); CVXOPT and CSDP must agree on the status.
        var program = UnboundedSdp();
        var r = Solve(program);
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Unbounded), r.Message);
        var x = r.X.ToArray();
        Assert.That(program.C.Zip(x, (ci, xi) => ci * xi).Sum(), Is.EqualTo(-1).Within(1e-12));
        var minusAx = program.A.Multiply(x).Select(v => -v).ToArray();
        Assert.That(minusAx[0], Is.GreaterThanOrEqualTo(-1e-8));
        Assert.That(Eigenvalues(MatrixOf(minusAx.AsSpan(1, 3), 2)).Min(), Is.GreaterThanOrEqualTo(-1e-8));
        foreach (ISolverBackend other in new ISolverBackend[] { new CvxoptBackend(), new CsdpBackend() })
            Assert.That(other.Solve(program, new SolverSettings()).Status, Is.EqualTo(SolveStatus.Unbounded), other.Name);
    }

    [Test]
    public void PsdConesOfOrderOneAreTheNonnegativeOrthant()
    {
        // A PSD cone of order 1 is {s ≥ 0}: the same LP written with order-1 PSD cones and with orthant rows must give
        // the same optimum (reference: the orthant form, whose code path predates PSD support).
        var lp = RandomMixed(7, n: 4, zero: 1, nonneg: 6, soc: Array.Empty<int>(), psd: Array.Empty<int>(), quadratic: false);
        var asPsd = new ConicProgram(lp.A, lp.B, lp.C, null, 0,
            new ConeLayout(1, 0, ImmutableArray<int>.Empty, Enumerable.Repeat(1, 6).ToImmutableArray()),
            ImmutableArray<Block>.Empty, ImmutableArray<Block>.Empty);
        var r1 = Solve(lp);
        var r2 = Solve(asPsd);
        AssertOptimal(lp, r1);
        AssertOptimal(asPsd, r2);
        Assert.That(r2.PrimalObjective, Is.EqualTo(r1.PrimalObjective).Within(1e-8 * Math.Max(1, Math.Abs(r1.PrimalObjective))));
        Assert.That(r2.Iterations, Is.EqualTo(r1.Iterations), "the same Newton steps up to rounding");
    }

    /// <summary>Timing of the two shapes of an SDP of order k (max-cut relaxation of a random graph): the primal form,
    /// x = svec(X) with k equalities, and the dual form, an LMI diag(y) − L/4 ⪰ 0 in k variables. Run explicitly;
    /// prints iterations and time to the test log (docs/solver.md quotes it).</summary>
    [Explicit, TestCase(10), TestCase(30), TestCase(60)]
    public void Benchmark(int k)
    {
        var rng = new Random(k);
        var lap = Matrix<double>.Build.Dense(k, k);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < i; j++)
                if (rng.NextDouble() < 0.5)
                {
                    lap[i, i] += 1; lap[j, j] += 1; lap[i, j] -= 1; lap[j, i] -= 1;
                }
        int len = ConeLayout.SvecLength(k);
        var sl = SvecOf(lap);

        var primal = new ConicProgramBuilder();
        primal.AddVariables("svec X", len);
        for (int i = 0; i < len; i++) primal.AddLinearObjective(i, -0.25 * sl[i]);
        var diag = primal.AddRows("diag X = 1", ConeKind.Zero, k);
        for (int i = 0; i < k; i++) { diag.Add(i, Svec.Index(k, i, i), 1); diag.SetConstant(i, -1); }
        var px = primal.AddPsd("X", k);
        for (int i = 0; i < len; i++) px.Add(i, i, 1);

        var dual = new ConicProgramBuilder();
        dual.AddVariables("y", k);
        for (int i = 0; i < k; i++) dual.AddLinearObjective(i, 1);
        var lmi = dual.AddPsd("diag(y) − L/4", k);
        for (int i = 0; i < len; i++) lmi.SetConstant(i, -0.25 * sl[i]);
        for (int i = 0; i < k; i++) lmi.Add(Svec.Index(k, i, i), i, 1);

        double? value = null;
        foreach (var (name, program) in new[] { ("primal (svec X)", primal.Build()), ("dual (LMI)", dual.Build()) })
        {
            var sw = Stopwatch.StartNew();
            var r = Solve(program);
            sw.Stop();
            TestContext.Out.WriteLine($"order {k} {name}: n={program.Variables} m={program.Constraints}: {r.Status.ToWire()} {Math.Abs(r.PrimalObjective):G10} in {r.Iterations} iterations, {sw.Elapsed.TotalSeconds:f2} s");
            AssertOptimal(program, r);
            value ??= Math.Abs(r.PrimalObjective);
            Assert.That(Math.Abs(r.PrimalObjective), Is.EqualTo(value.Value).Within(1e-7 * value.Value), "primal and dual forms agree");
        }
    }
}
