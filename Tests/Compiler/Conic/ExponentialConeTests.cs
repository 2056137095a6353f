using ConicDsl.Backends;
using ConicDsl.Backends.Csdp;
using ConicDsl.Backends.Cvxopt;
using ConicDsl.Backends.OrTools;
using ConicDsl.Backends.Scs;
using ConicDsl.Conic;
using ConicDsl.Conic.Formats;

namespace ConicDsl.Tests.Compiler.Conic;

/// <summary>The exponential cone in the standard form: layout, projection, programs with closed-form optima, refusals.</summary>
public class ExponentialConeTests
{
    [Test]
    public void BuilderPlacesExponentialConesLastInScsOrder()
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 2);
        var exp = b.AddExp("cones", 2);
        exp.Add(0, 0, 1);
        exp.SetConstant(1, 1);
        var soc = b.AddRows("ball", ConeKind.SecondOrder, 2);
        soc.SetConstant(0, 1);
        soc.Add(1, 1, 1);
        var nonneg = b.AddRows("pos", ConeKind.NonNegative, 1);
        nonneg.Add(0, 1, 1);
        var p = b.Build();
        Assert.That(p.Cones.Exponential, Is.EqualTo(2));
        Assert.That(p.Cones.Rows, Is.EqualTo(1 + 2 + 6));
        Assert.That(p.Cones.ExponentialBlocks(), Is.EqualTo(new[] { 3, 6 }));
        Assert.That(p.RowBlocks.Select(r => r.Name), Is.EqualTo(new[] { "pos", "ball", "cones" }));
        Assert.That(p.Cones.ToString(), Does.EndWith("exp 2"));
    }

    [Test]
    public void MembershipFollowsTheDefinitionsIncludingTheClosure()
    {
        Assert.That(ExponentialCone.Contains(1, 1, Math.E + 1e-12), Is.True);
        Assert.That(ExponentialCone.Contains(1, 1, Math.E - 1e-9), Is.False);
        Assert.That(ExponentialCone.Contains(-3, 0, 0), Is.True, "closure: x ≤ 0, y = 0, z ≥ 0");
        Assert.That(ExponentialCone.Contains(0.1, 0, 5), Is.False);
        // K* ∋ (−1, v, w) iff e^(−v) ≤ e·w.
        Assert.That(ExponentialCone.DualContains(-1, 0, 1 / Math.E + 1e-12), Is.True);
        Assert.That(ExponentialCone.DualContains(-1, 0, 1 / Math.E - 1e-9), Is.False);
        Assert.That(ExponentialCone.DualContains(0, 2, 3), Is.True, "closure: u = 0, v ≥ 0, w ≥ 0");
    }

    /// <summary>
    /// Independent route: Moreau's decomposition characterises the projection p of v onto a closed convex cone K
    /// uniquely by p ∈ K, p − v ∈ K*, ⟨p, p − v⟩ = 0. Membership of p − v in K* is tested from K*'s definition,
    /// ⟨p − v, k⟩ ≥ 0 for unit vectors k on K's extreme rays (ρ, 1, e^ρ), (−1, 0, 0), (0, 0, 1), not from the closed
    /// form of K* (whose exponential amplifies the rounding of p − v far beyond the projection's own error).
    /// </summary>
    [Test]
    public void ProjectionsSatisfyMoreausDecomposition()
    {
        var rays = Enumerable.Range(-300, 601).Select(i => new[] { i / 10.0, 1, Math.Exp(i / 10.0) })
            .Append(new[] { -1.0, 0, 0 }).Append(new[] { 0.0, 0, 1 })
            .Select(k => { double n = Math.Sqrt(k.Sum(e => e * e)); return k.Select(e => e / n).ToArray(); }).ToList();
        double MinAgainstRays(double[] y) => rays.Min(k => y[0] * k[0] + y[1] * k[1] + y[2] * k[2]);
        static double Norm(double[] a) => Math.Sqrt(a.Sum(e => e * e));

        var rng = new Random(3);
        for (int trial = 0; trial < 2000; trial++)
        {
            double scale = Math.Pow(10, rng.Next(-2, 3));
            var v = new[] { scale * Gaussian(rng), scale * Gaussian(rng), scale * Gaussian(rng) };
            string at = $"v = ({v[0]:R}, {v[1]:R}, {v[2]:R})";
            // 1e-9 relative: far below the residual checks' default tolerance, which is what the projection serves.
            double tol = 1e-9 * Norm(v);

            var p = (double[])v.Clone();
            ExponentialCone.Project(p);
            var pv = new[] { p[0] - v[0], p[1] - v[1], p[2] - v[2] };
            Assert.That(ExponentialCone.Contains(p[0], p[1], p[2], tol), Is.True, $"Π(v) ∈ K, {at}");
            Assert.That(MinAgainstRays(pv), Is.GreaterThanOrEqualTo(-tol), $"Π(v) − v ∈ K*, {at}");
            Assert.That(p[0] * pv[0] + p[1] * pv[1] + p[2] * pv[2], Is.EqualTo(0).Within(tol * Norm(v)), $"complementarity, {at}");

            var q = (double[])v.Clone();
            ExponentialCone.ProjectDual(q);
            var qv = new[] { q[0] - v[0], q[1] - v[1], q[2] - v[2] };
            Assert.That(MinAgainstRays(q), Is.GreaterThanOrEqualTo(-tol), $"Π*(v) ∈ K*, {at}");
            Assert.That(ExponentialCone.Contains(qv[0], qv[1], qv[2], tol), Is.True, $"Π*(v) − v ∈ K, {at}");
            Assert.That(q[0] * qv[0] + q[1] * qv[1] + q[2] * qv[2], Is.EqualTo(0).Within(tol * Norm(v)), $"complementarity, {at}");
        }
    }

    /// <summary>minimize t s.t. (a, 1, t) ∈ K_exp: the optimum is t = e^a (closed form).</summary>
    internal static ConicProgram ExponentialOfAConstant(double a)
    {
        var b = new ConicProgramBuilder();
        var t = b.AddVariables("t", 1);
        b.AddLinearObjective(t.Offset, 1);
        var cone = b.AddExp("epigraph", 1);
        cone.SetConstant(0, a);
        cone.SetConstant(1, 1);
        cone.Add(2, t.Offset, 1);
        return b.Build();
    }

    /// <summary>
    /// minimize Σ x_i log x_i − cᵀx over the simplex, as minimize Σ t_i − cᵀx with (−t_i, x_i, 1) ∈ K_exp
    /// (x·e^(−t/x) ≤ 1 ⇔ t ≥ x log x) and Σx = 1. Closed form (Gibbs): x ∝ e^c, optimum −log Σ e^(c_i).
    /// </summary>
    internal static ConicProgram NegativeEntropy(double[] c)
    {
        int n = c.Length;
        var b = new ConicProgramBuilder();
        var x = b.AddVariables("x", n);
        var t = b.AddVariables("t", n);
        var sum = b.AddRows("simplex", ConeKind.Zero, 1);
        sum.SetConstant(0, 1);
        var cones = b.AddExp("entropy", n);
        for (int i = 0; i < n; i++)
        {
            b.AddLinearObjective(x.Offset + i, -c[i]);
            b.AddLinearObjective(t.Offset + i, 1);
            sum.Add(0, x.Offset + i, -1);
            cones.Add(3 * i, t.Offset + i, -1);
            cones.Add(3 * i + 1, x.Offset + i, 1);
            cones.SetConstant(3 * i + 2, 1);
        }
        return b.Build();
    }

    private static IEnumerable<ISolverBackend> Accepting(ConicProgram p) =>
        BackendRegistry.All.Where(b => b.Rejects(p) is null);

    [TestCase(0.7)]
    [TestCase(-2.0)]
    public void ExponentialOfAConstantIsSolvedByEveryAcceptingBackend(double a)
    {
        var p = ExponentialOfAConstant(a);
        var accepting = Accepting(p).ToList();
        Assert.That(accepting.Select(b => b.Name), Is.SupersetOf(new[] { "native", "scs" }));
        foreach (var backend in accepting)
        {
            var r = backend.Solve(p, new SolverSettings());
            Assert.That(r.Status, Is.EqualTo(SolveStatus.Optimal), $"{backend.Name}: {r.Message}");
            Assert.That(r.PrimalObjective, Is.EqualTo(Math.Exp(a)).Within(1e-6 * Math.Exp(a)), backend.Name);
        }
    }

    [Test]
    public void NegativeEntropyOverTheSimplexIsMinusLogSumExp()
    {
        var c = new[] { 0.3, -1.2, 2.0, 0.0 };
        double expected = -Math.Log(c.Sum(Math.Exp));
        var p = NegativeEntropy(c);
        foreach (var backend in Accepting(p))
        {
            var r = backend.Solve(p, new SolverSettings());
            Assert.That(r.Status, Is.EqualTo(SolveStatus.Optimal), $"{backend.Name}: {r.Message}");
            Assert.That(r.PrimalObjective, Is.EqualTo(expected).Within(1e-6), backend.Name);
            // The objective is flat (quadratic) in x's error at the optimum, so x is only known to about √tolerance.
            double z = c.Sum(Math.Exp);
            for (int i = 0; i < c.Length; i++)
                Assert.That(r.X[i], Is.EqualTo(Math.Exp(c[i]) / z).Within(1e-4), $"{backend.Name}: Gibbs weight {i}");
        }
    }

    /// <summary>(t, 1, −1) ∈ K_exp has no solution (z must be ≥ 0): infeasible. min x s.t. (x, 1, 1) ∈ K_exp, i.e.
    /// e^x ≤ 1: unbounded below. Both by inspection.</summary>
    [Test]
    public void InfeasibleAndUnboundedExponentialProgramsAreRecognised()
    {
        var b = new ConicProgramBuilder();
        var t = b.AddVariables("t", 1); // a feasibility problem: with an objective that falls along t the dual would be infeasible too
        var cone = b.AddExp("impossible", 1);
        cone.Add(0, t.Offset, 1);
        cone.SetConstant(1, 1);
        cone.SetConstant(2, -1);
        var infeasible = b.Build();

        b = new ConicProgramBuilder();
        var x = b.AddVariables("x", 1);
        b.AddLinearObjective(x.Offset, 1);
        cone = b.AddExp("half_line", 1);
        cone.Add(0, x.Offset, 1);
        cone.SetConstant(1, 1);
        cone.SetConstant(2, 1);
        var unbounded = b.Build();

        foreach (var backend in Accepting(infeasible))
        {
            var r = backend.Solve(infeasible, new SolverSettings());
            Assert.That(r.Status, Is.EqualTo(SolveStatus.Infeasible), $"{backend.Name}: {r.Message}");
            var u = backend.Solve(unbounded, new SolverSettings());
            Assert.That(u.Status, Is.EqualTo(SolveStatus.Unbounded), $"{backend.Name}: {u.Message}");
        }
    }

    [Test]
    public void BackendsWithoutAnExponentialConeRefuseNamingOneThatHasIt()
    {
        var p = ExponentialOfAConstant(0.5);
        foreach (var backend in new ISolverBackend[] { new CvxoptBackend(), new CsdpBackend(), new OrToolsBackend() })
        {
            var why = backend.Rejects(p);
            Assert.That(why, Does.Contain("exponential").And.Contain("scs"), backend.Name);
            Assert.That(why, Does.Not.Contain("\n"), "one line");
            var r = backend.Solve(p, new SolverSettings());
            Assert.That(r.Status, Is.EqualTo(SolveStatus.Error), backend.Name);
            Assert.That(r.Message, Does.Contain("exponential"), backend.Name);
        }
        Assert.That(new ScsBackend().Rejects(p), Is.Null);
        Assert.That(MpsExport.Rejects(p), Does.Contain("exponential cones"));
        Assert.That(SdpaWriter.Rejects(p), Does.Contain("exponential"));
    }

    /// <summary>Round trip through a file read by the general CBF reader, then solved: the same optimum (closed form).</summary>
    [Test]
    public void NegativeEntropyThroughCbfHasTheSameOptimum()
    {
        var c = new[] { 1.5, -0.5, 0.25 };
        var read = CbfFormat.Read(CbfFormat.Write(NegativeEntropy(c)));
        var r = new ScsBackend().Solve(read, new SolverSettings());
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Optimal), r.Message);
        Assert.That(r.PrimalObjective, Is.EqualTo(-Math.Log(c.Sum(Math.Exp))).Within(1e-6));
    }

    [Test]
    public void JsonFormatsCarryTheExponentialCones()
    {
        var p = NegativeEntropy(new[] { 1.0, 2.0 });
        var back = ConicProgramJson.Read(ConicProgramJson.Write(p));
        Assert.That(back.Cones, Is.EqualTo(p.Cones));
        Assert.That(back.B, Is.EqualTo(p.B));
        Assert.That(ScsJsonFormat.Write(p), Does.Contain("\"ep\":2"));
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
