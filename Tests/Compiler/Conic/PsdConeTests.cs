using ConicDsl.Backends;
using ConicDsl.Conic;

namespace ConicDsl.Tests.Compiler.Conic;

public class PsdConeTests
{
    [Test]
    public void SvecIsAnIsometryWithLowerTriangleColumnOrder()
    {
        var a = new double[,] { { 1, 2, 3 }, { 2, 4, 5 }, { 3, 5, 6 } };
        var v = new double[6];
        Svec.FromMatrix(a, v);
        double r2 = Math.Sqrt(2);
        Assert.That(v, Is.EqualTo(new[] { 1, 2 * r2, 3 * r2, 4, 5 * r2, 6 }).Within(1e-15), "columns of the lower triangle");
        Assert.That(Svec.Index(3, 2, 1), Is.EqualTo(4));
        Assert.That(Svec.ToMatrix(v, 3), Is.EqualTo(a).Within(1e-15));
        // ⟨svec A, svec A⟩ = tr(A·A) = Σ a_ij².
        Assert.That(v.Sum(e => e * e), Is.EqualTo(1 + 4 * 2 + 9 * 2 + 16 + 25 * 2 + 36).Within(1e-12));
    }

    [Test]
    public void PsdProjectionClipsNegativeEigenvalues()
    {
        // diag(2, −1) rotated by 45°: the projection is the rank-one part 2·uuᵀ, u = (1, 1)/√2 → [[1, 1], [1, 1]].
        var m = new double[,] { { 0.5, 1.5 }, { 1.5, 0.5 } };
        var v = new double[3];
        Svec.FromMatrix(m, v);
        ConeProjection.ProjectPsd(v, 2);
        Assert.That(Svec.ToMatrix(v, 2), Is.EqualTo(new double[,] { { 1, 1 }, { 1, 1 } }).Within(1e-12));
    }

    private static ConicProgram MinEigenvalueSdp(double[,] c)
    {
        // minimize tr(CX) s.t. tr X = 1, X ⪰ 0, with x = svec(X); the optimum is λ_min(C).
        var b = new ConicProgramBuilder();
        var x = b.AddVariables("svec_X", 3);
        var sc = new double[3];
        Svec.FromMatrix(c, sc);
        for (int i = 0; i < 3; i++) b.AddLinearObjective(i, sc[i]);
        var trace = b.AddRows("trace", ConeKind.Zero, 1);
        trace.Add(0, Svec.Index(2, 0, 0), -1);
        trace.Add(0, Svec.Index(2, 1, 1), -1);
        trace.SetConstant(0, 1);
        var psd = b.AddPsd("X", 2);
        for (int i = 0; i < 3; i++) psd.Add(i, x.Offset + i, 1);
        return b.Build();
    }

    [Test]
    public void ResidualCheckAcceptsTheHandDerivedOptimumOfASmallSdp()
    {
        var c = new double[,] { { 2, 1 }, { 1, 3 } };
        var p = MinEigenvalueSdp(c);
        Assert.That(p.Cones.Psd, Is.EqualTo(new[] { 2 }));
        // λ_min = (5 − √5)/2; (C − λI)u = 0 gives the eigenvector u ∝ (1, λ_min − 2).
        double lambda = (5 - Math.Sqrt(5)) / 2;
        double u0 = 1, u1 = lambda - 2, nu = Math.Sqrt(u0 * u0 + u1 * u1);
        u0 /= nu;
        u1 /= nu;
        var xs = new double[3];
        Svec.FromMatrix(new[,] { { u0 * u0, u0 * u1 }, { u0 * u1, u1 * u1 } }, xs);
        // Dual: y_trace = −λ_min, y_psd = svec(C − λ_min I) ⪰ 0 (stationarity c + Aᵀy = 0, dual objective −bᵀy = λ_min).
        var yPsd = new double[3];
        Svec.FromMatrix(new[,] { { 2 - lambda, 1 }, { 1, 3 - lambda } }, yPsd);
        var y = new[] { -lambda }.Concat(yPsd).ToArray();
        var check = SolutionCheck.Compute(p, xs, y);
        Assert.That(check.Within(1e-12), Is.True, check.ToString());
        Assert.That(check.PrimalObjective, Is.EqualTo(lambda).Within(1e-12));
        Assert.That(check.DualObjective, Is.EqualTo(lambda).Within(1e-12));
        var notPsd = SolutionCheck.Compute(p, new[] { 1.5, 0, -0.5 }, y);
        Assert.That(notPsd.PrimalResidual, Is.GreaterThan(0.1), "diag(1.5, −0.5) is not PSD");
    }

    [Test]
    public void JsonRoundTripKeepsPsdCones()
    {
        var p = MinEigenvalueSdp(new double[,] { { 1, 0 }, { 0, 2 } });
        var q = ConicProgramJson.Read(ConicProgramJson.Write(p));
        Assert.That(q.Cones, Is.EqualTo(p.Cones));
        Assert.That(q.Cones.PsdBlocks().Single(), Is.EqualTo((1, 2)));
    }

    [Test]
    public void NativeSolverAcceptsPsdPrograms()
    {
        // λ_min([[2, 1], [1, 3]]) = (5 − √5)/2 (closed form of the 2×2 characteristic polynomial).
        var p = MinEigenvalueSdp(new double[,] { { 2, 1 }, { 1, 3 } });
        var native = new ConicDsl.Backends.Native.NativeBackend();
        Assert.That(native.Rejects(p), Is.Null);
        var r = native.Solve(p, new SolverSettings());
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Optimal), r.Message);
        Assert.That(r.PrimalObjective, Is.EqualTo((5 - Math.Sqrt(5)) / 2).Within(1e-7));
    }
}
