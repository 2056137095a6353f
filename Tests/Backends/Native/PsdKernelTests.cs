using NUnit.Framework;
using System.Collections.Immutable;
using ConicDsl.Backends.Native;
using ConicDsl.Conic;
using MathNet.Numerics.LinearAlgebra;

namespace ConicDsl.Tests.Backends.Native;

/// <summary>
/// The PSD pieces of the native IPM (PsdMath, PsdScaling, the KKT assembly) against independent dense arithmetic:
/// matrix products and eigen-decompositions from MathNet, the NT point from its closed form
/// G = S^½(S^½YS^½)^(−½)S^½, bisection for step lengths and an LU solve of the unreduced Newton system.
/// </summary>
public class PsdKernelTests
{
    private static Matrix<double> RandomSymmetric(Random rng, int k)
    {
        var m = Matrix<double>.Build.Dense(k, k, (_, _) => rng.NextDouble() * 2 - 1);
        return 0.5 * (m + m.Transpose());
    }

    /// <summary>B Bᵀ + εI with a spread of eigenvalues (conditioning up to ~1e3).</summary>
    private static Matrix<double> RandomPositiveDefinite(Random rng, int k)
    {
        var b = Matrix<double>.Build.Dense(k, k, (_, _) => rng.NextDouble() * 2 - 1);
        return b * b.Transpose() + Matrix<double>.Build.DenseIdentity(k) * (0.01 + rng.NextDouble());
    }

    private static double[] Svec(Matrix<double> m)
    {
        var v = new double[ConeLayout.SvecLength(m.RowCount)];
        ConicDsl.Conic.Svec.FromMatrix(m.ToArray(), v);
        return v;
    }

    private static Matrix<double> Mat(ReadOnlySpan<double> v, int k) => Matrix<double>.Build.DenseOfArray(ConicDsl.Conic.Svec.ToMatrix(v, k));

    private static Matrix<double> Power(Matrix<double> spd, double p)
    {
        var evd = spd.Evd(Symmetricity.Symmetric);
        var d = evd.EigenValues.Map(e => Math.Pow(e.Real, p));
        return evd.EigenVectors * Matrix<double>.Build.DenseOfDiagonalVector(d) * evd.EigenVectors.Transpose();
    }

    private static void AssertClose(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double tol, string what)
    {
        double scale = 1;
        for (int i = 0; i < a.Length; i++) scale = Math.Max(scale, Math.Abs(b[i]));
        for (int i = 0; i < a.Length; i++) Assert.That(a[i], Is.EqualTo(b[i]).Within(tol * scale), $"{what}[{i}]");
    }

    [Test]
    public void JordanProductIsTheSymmetrizedMatrixProduct()
    {
        var rng = new Random(1);
        foreach (int k in new[] { 1, 2, 5 })
        {
            var u = RandomSymmetric(rng, k);
            var v = RandomSymmetric(rng, k);
            var r = new double[ConeLayout.SvecLength(k)];
            PsdMath.JordanProduct(Svec(u), Svec(v), r, k);
            AssertClose(r, Svec(0.5 * (u * v + v * u)), 1e-14, $"k={k}");
            // e∘v = v with e = svec(I).
            var e = new double[r.Length];
            PsdMath.AddIdentity(e, k, 1);
            PsdMath.JordanProduct(e, Svec(v), r, k);
            AssertClose(r, Svec(v), 1e-15, "identity");
        }
    }

    [Test]
    public void JordanDivideSolvesTheLyapunovEquation()
    {
        // λ∘R = D must hold for a diagonal λ (the NT scaled point, entrywise route) and a general one (eigenbasis route).
        var rng = new Random(2);
        int k = 4;
        var diag = Matrix<double>.Build.DenseOfDiagonalArray(new[] { 3.0, 0.01, 1.5, 7.0 });
        foreach (var lambda in new[] { diag, RandomPositiveDefinite(rng, k) })
        {
            var l = Svec(lambda);
            Assert.That(PsdMath.IsDiagonal(l, k), Is.EqualTo(ReferenceEquals(lambda, diag)));
            var d = Svec(RandomSymmetric(rng, k));
            var r = new double[d.Length];
            PsdMath.JordanDivide(l, d, r, k);
            var back = new double[d.Length];
            PsdMath.JordanProduct(l, r, back, k);
            AssertClose(back, d, 1e-12, "λ∘(λ⊘d)");
        }
    }

    [Test]
    public void MaxStepAgreesWithBisectionOnTheSmallestEigenvalue()
    {
        var rng = new Random(3);
        int k = 4;
        for (int trial = 0; trial < 100; trial++)
        {
            var u = RandomPositiveDefinite(rng, k);
            var d = RandomSymmetric(rng, k) * (1 + 5 * rng.NextDouble());
            if (trial % 10 == 0) d = RandomPositiveDefinite(rng, k); // never leaves the cone
            double alpha = PsdMath.MaxStep(Svec(u), Svec(d), k);
            double MinEig(double a) => (u + a * d).Evd(Symmetricity.Symmetric).EigenValues.Min(e => e.Real);
            if (double.IsPositiveInfinity(alpha))
            {
                Assert.That(MinEig(1e6), Is.GreaterThanOrEqualTo(0));
                continue;
            }
            double lo = 0, hi = 1;
            while (MinEig(hi) >= 0) hi *= 2;
            for (int i = 0; i < 100; i++)
            {
                double mid = 0.5 * (lo + hi);
                if (MinEig(mid) >= 0) lo = mid; else hi = mid;
            }
            Assert.That(alpha, Is.EqualTo(lo).Within(1e-9 * Math.Max(1, lo)));
        }
        Assert.That(PsdMath.MaxStep(Svec(-Matrix<double>.Build.DenseIdentity(k)), Svec(RandomSymmetric(rng, k)), k), Is.EqualTo(0),
            "a start outside the cone allows no step");
    }

    [Test]
    public void NtScalingOfPsdBlocksMatchesTheClosedFormNtPoint()
    {
        // A layout with every cone kind, so the PSD blocks are placed after orthant and SOC rows.
        var layout = new ConeLayout(1, 2, ImmutableArray.Create(3), ImmutableArray.Create(3, 4));
        var cones = new ConeSpace(layout);
        var rng = new Random(4);
        for (int trial = 0; trial < 10; trial++)
        {
            var s = new double[layout.Rows];
            var y = new double[layout.Rows];
            foreach (var v in new[] { s, y })
            {
                for (int i = 1; i < 3; i++) v[i] = 0.5 + rng.NextDouble();
                v[3] = 2; v[4] = rng.NextDouble() - 0.5; v[5] = rng.NextDouble() - 0.5;
                foreach (var (start, k) in layout.PsdBlocks()) Svec(RandomPositiveDefinite(rng, k)).CopyTo(v, start);
            }
            var w = new NtScaling(cones);
            Assert.That(w.Update(s, y), Is.True);
            var t = new double[layout.Rows];
            w.ApplyWInverseTranspose(s, t);
            AssertClose(t.AsSpan(1), w.Lambda.AsSpan(1), 1e-10, "W⁻ᵀs = λ");
            w.ApplyW(y, t);
            AssertClose(t.AsSpan(1), w.Lambda.AsSpan(1), 1e-10, "Wy = λ");
            var u = Enumerable.Range(0, layout.Rows).Select(_ => rng.NextDouble() - 0.5).ToArray();
            var v2 = Enumerable.Range(0, layout.Rows).Select(_ => rng.NextDouble() - 0.5).ToArray();
            w.ApplyWInverse(u, t);
            w.ApplyW(t, t);
            AssertClose(t.AsSpan(1), u.AsSpan(1), 1e-10, "WW⁻¹ = I");
            w.ApplyWInverseTranspose(u, t);
            w.ApplyWTranspose(t, t);
            AssertClose(t.AsSpan(1), u.AsSpan(1), 1e-10, "WᵀW⁻ᵀ = I");
            // ⟨u, Wv⟩ = ⟨Wᵀu, v⟩ in the trace inner product (svec is an isometry).
            var wv = new double[layout.Rows];
            var wtu = new double[layout.Rows];
            w.ApplyW(v2, wv);
            w.ApplyWTranspose(u, wtu);
            Assert.That(cones.ConeDot(u, wv), Is.EqualTo(cones.ConeDot(wtu, v2)).Within(1e-12));

            foreach (var (start, k) in layout.PsdBlocks())
            {
                int q = ConeLayout.SvecLength(k);
                var lam = w.Lambda.AsSpan(start, q).ToArray();
                Assert.That(PsdMath.IsDiagonal(lam, k), Is.True, "λ is diagonal on PSD blocks");
                // Closed-form NT point G = S^½(S^½YS^½)^(−½)S^½ (GYG = S); H = WᵀW must act as U ↦ GUG.
                var sm = Mat(s.AsSpan(start, q), k);
                var ym = Mat(y.AsSpan(start, q), k);
                var sh = Power(sm, 0.5);
                var g = sh * Power(sh * ym * sh, -0.5) * sh;
                Assert.That((g * ym * g - sm).FrobeniusNorm(), Is.LessThan(1e-9 * sm.FrobeniusNorm()));
                var um = RandomSymmetric(rng, k);
                var hu = new double[q];
                var psd = w.Psd(Array.IndexOf(cones.Psd, (start, k)));
                psd.ApplyW(Svec(um), hu);
                psd.ApplyWTranspose(hu, hu);
                AssertClose(hu, Svec(g * um * g), 1e-9, "H(U) = GUG");
                // λ's entries are the eigenvalues of the geometric mean's scaled point: λ² ~ eig(SY) (similar matrices).
                var eigSy = (sm * ym).Evd().EigenValues.Select(e => Math.Sqrt(e.Real)).OrderBy(e => e).ToArray();
                var diag = Enumerable.Range(0, k).Select(i => lam[ConicDsl.Conic.Svec.Index(k, i, i)]).OrderBy(e => e).ToArray();
                Assert.That(diag, Is.EqualTo(eigSy).Within(1e-9 * eigSy.Max()));
            }
        }
    }

    [Test]
    public void ExplicitInverseHessianMatchesTheOperator()
    {
        // HInverseMatrix (symmetric Kronecker product formula) against W⁻¹W⁻ᵀ applied to each svec unit vector.
        var rng = new Random(5);
        int k = 4, q = ConeLayout.SvecLength(k);
        var scaling = new PsdScaling(k);
        Assert.That(scaling.Update(Svec(RandomPositiveDefinite(rng, k)), Svec(RandomPositiveDefinite(rng, k)), new double[q]), Is.True);
        var h = PsdScaling.HInverseMatrix(scaling, k);
        var col = new double[q];
        for (int j = 0; j < q; j++)
        {
            Array.Clear(col);
            col[j] = 1;
            scaling.ApplyWInverseTranspose(col, col);
            scaling.ApplyWInverse(col, col);
            for (int i = 0; i < q; i++) Assert.That(h[i * q + j], Is.EqualTo(col[i]).Within(1e-10 * (1 + Math.Abs(col[i]))), $"({i},{j})");
        }
        var identity = PsdScaling.HInverseMatrix(null, k);
        for (int i = 0; i < q; i++)
            for (int j = 0; j < q; j++) Assert.That(identity[i * q + j], Is.EqualTo(i == j ? 1 : 0).Within(1e-15));
    }

    /// <summary>A program with an orthant block, a SOC block and two PSD blocks: one whose rows are (minus) svec variables
    /// (sparse A_b, where the explicit route is cheaper) and an LMI in three variables (dense A_b, by columns).</summary>
    private static ConicProgram MixedProgram(Random rng)
    {
        var b = new ConicProgramBuilder();
        var x = b.AddVariables("svec X", 6);
        var z = b.AddVariables("z", 3);
        var eq = b.AddRows("eq", ConeKind.Zero, 2);
        for (int j = 0; j < 9; j++) { eq.Add(0, j, rng.NextDouble()); eq.Add(1, j, rng.NextDouble() - 0.5); }
        var pos = b.AddRows("pos", ConeKind.NonNegative, 2);
        pos.Add(0, z.Offset, 1); pos.Add(1, x.Offset, 1); pos.Add(1, z.Offset + 1, -1);
        var soc = b.AddRows("soc", ConeKind.SecondOrder, 3);
        for (int i = 0; i < 3; i++) soc.Add(i, z.Offset + i, 1 + i);
        var px = b.AddPsd("X", 3);
        for (int i = 0; i < 6; i++) px.Add(i, x.Offset + i, 1);
        var lmi = b.AddPsd("LMI", 5);
        for (int i = 0; i < 15; i++)
            for (int j = 0; j < 3; j++) lmi.Add(i, z.Offset + j, rng.NextDouble() - 0.5);
        b.AddQuadraticObjective(z.Offset, z.Offset, 2);
        b.AddQuadraticObjective(z.Offset, z.Offset + 2, 0.5);
        for (int j = 0; j < 9; j++) b.AddLinearObjective(j, 1);
        return b.Build();
    }

    [TestCase("Explicit"), TestCase("ByColumns"), TestCase("Cheaper")]
    public void ReducedKktSolveMatchesADenseSolveOfTheFullSystem(string routeName)
    {
        var route = Enum.Parse<PsdAssembly>(routeName);
        // Reference: [P Aᵀ; A −H] (H = WᵀW from the operators, 0 on equality rows) solved by MathNet's LU.
        // Refinement is off, so the answer is the reduced factorization's own.
        var rng = new Random(6);
        var program = MixedProgram(rng);
        var cones = new ConeSpace(program.Cones);
        int n = program.Variables, m = program.Constraints;
        var s = new double[m];
        var y = new double[m];
        foreach (var v in new[] { s, y })
        {
            v[2] = 1 + rng.NextDouble(); v[3] = 1 + rng.NextDouble();
            v[4] = 2; v[5] = 0.3; v[6] = -0.4;
            foreach (var (start, k) in program.Cones.PsdBlocks()) Svec(RandomPositiveDefinite(rng, k)).CopyTo(v, start);
        }
        var scaling = new NtScaling(cones);
        Assert.That(scaling.Update(s, y), Is.True);
        var settings = new InteriorPointSettings { RefinementMaxSteps = 0, PsdAssembly = route };
        var kkt = new KktSystem(program, cones, settings);
        Assert.That(kkt.Factor(scaling), Is.True);
        var rx = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var rz = Enumerable.Range(0, m).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var dx = new double[n];
        var dy = new double[m];
        kkt.Solve(rx, rz, dx, dy);

        var full = Matrix<double>.Build.Dense(n + m, n + m);
        foreach (var (r, c, v) in program.P!.Entries()) { full[r, c] += v; if (r != c) full[c, r] += v; }
        foreach (var (r, c, v) in program.A.Entries()) { full[n + r, c] = v; full[c, n + r] = v; }
        var unit = new double[m];
        var hcol = new double[m];
        for (int j = program.Cones.Zero; j < m; j++)
        {
            Array.Clear(unit);
            unit[j] = 1;
            scaling.ApplyW(unit, hcol);
            scaling.ApplyWTranspose(hcol, hcol);
            for (int i = program.Cones.Zero; i < m; i++) full[n + i, n + j] = -hcol[i];
        }
        var reference = full.Solve(Vector<double>.Build.DenseOfEnumerable(rx.Concat(rz)));
        var got = dx.Concat(dy).ToArray();
        double scale = reference.AbsoluteMaximum();
        for (int i = 0; i < n + m; i++) Assert.That(got[i], Is.EqualTo(reference[i]).Within(1e-6 * scale), $"entry {i}");
    }
}
