using ConicDsl.Backends;
using ConicDsl.Compiler.Pipeline;
using ConicDsl.Conic;
using ConicDsl.Dsl;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.Backends;

/// <summary>
/// Backends check each other: the same program through every registered backend that accepts it must give the
/// same status and, when optimal, objectives within 1e-5 relative. Each backend is an independent implementation
/// (our IPM, CVXOPT, SCS, …), so agreement is the reference. SCS is a first-order method: on well-conditioned
/// generated programs it is held to the same standard; on the compiled examples, which are highly degenerate, it is
/// held to 1e-3 within a capped iteration budget (measured: 1e5 iterations reach 2e-5 on xor in 41 s).
/// </summary>
public class AgreementTests
{
    private static readonly HashSet<string> FirstOrder = new() { "scs" };

    private static IEnumerable<ISolverBackend> Accepting(ConicProgram program)
    {
        foreach (var b in BackendRegistry.All)
        {
            if (b is IExternalBackend e && e.MissingReason() is { } missing)
                Assert.Fail($"backend {b.Name} is not installed ({missing}); the set-up script installs every backend");
            if (b.Rejects(program) is null) yield return b;
        }
    }

    /// <summary>PSD programs: the backends that must accept them (native since it has a PSD cone; SCS's WebAssembly build
    /// and OR-Tools refuse them).</summary>
    private static readonly string[] PsdBackends = { "native", "cvxopt", "csdp" };

    private static void AssertAgreement(string name, ConicProgram program, SolveStatus expected, double? objective = null,
        IEnumerable<string>? required = null)
    {
        var results = Accepting(program).Select(b => (b.Name, Result: b.Solve(program, new SolverSettings()))).ToList();
        Assert.That(results.Count, Is.GreaterThanOrEqualTo(2), $"{name}: at least two backends accept it");
        if (required is not null) Assert.That(results.Select(r => r.Name), Is.SupersetOf(required), $"{name}: backends that must take part");
        foreach (var (backend, r) in results)
        {
            TestContext.Out.WriteLine($"{name} {backend}: {r.Status.ToWire()} {r.PrimalObjective:G12} ({r.Iterations} iterations) {r.Message}");
            Assert.That(r.Status, Is.EqualTo(expected), $"{name}: {backend} says {r.Status}: {r.Message}");
        }
        if (expected != SolveStatus.Optimal) return;
        double reference = objective ?? results[0].Result.PrimalObjective;
        foreach (var (backend, r) in results)
        {
            Assert.That(Math.Abs(r.PrimalObjective - reference) / Math.Max(1e-12, Math.Abs(reference)), Is.LessThanOrEqualTo(1e-5),
                $"{name}: {backend} objective {r.PrimalObjective} vs {reference}");
            // Every backend reports the dual objective, recomputed from its y (not copied from its log), and at an
            // optimum strong duality puts it at the same reference value.
            Assert.That(r.DualObjective, Is.EqualTo(SolutionCheck.Compute(program, r.X.AsSpan(), r.Y.AsSpan()).DualObjective),
                $"{name}: {backend} dual objective is the one recomputed from y");
            Assert.That(Math.Abs(r.DualObjective - reference) / Math.Max(1, Math.Abs(reference)), Is.LessThanOrEqualTo(1e-5),
                $"{name}: {backend} dual objective {r.DualObjective} vs {reference}");
        }
    }

    [Test]
    public void BoxLinearProgram()
    {
        // minimize cᵀx over −1 ≤ x ≤ 1 with Σx = 0.5: closed form by sorting c (a fractional knapsack), computed below.
        var rng = new Random(4);
        int n = 6;
        var c = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var b = new ConicProgramBuilder();
        var x = b.AddVariables("x", n);
        var box = b.AddRows("box", ConeKind.NonNegative, 2 * n);
        for (int i = 0; i < n; i++)
        {
            box.Add(2 * i, i, 1); box.SetConstant(2 * i, 1);        // x_i + 1 ≥ 0
            box.Add(2 * i + 1, i, -1); box.SetConstant(2 * i + 1, 1); // 1 − x_i ≥ 0
            b.AddLinearObjective(i, c[i]);
        }
        var sum = b.AddRows("sum", ConeKind.Zero, 1);
        for (int i = 0; i < n; i++) sum.Add(0, i, 1);
        sum.SetConstant(0, -0.5);
        // Start at x = −1 (sum −6) and raise the cheapest coordinates to +1 until the sum reaches 0.5.
        double need = 0.5 + n, best = -c.Sum();
        foreach (var i in Enumerable.Range(0, n).OrderBy(i => c[i]))
        {
            double step = Math.Min(2, need);
            best += step * c[i];
            need -= step;
        }
        AssertAgreement("box LP", b.Build(), SolveStatus.Optimal, best);
    }

    [Test]
    public void SecondOrderConeProgram()
    {
        // minimize ‖x‖ s.t. aᵀx = 1: optimum 1/‖a‖ (closed form).
        var a = new[] { 1.0, -2.0, 0.5, 3.0 };
        var b = new ConicProgramBuilder();
        var x = b.AddVariables("x", 4);
        var t = b.AddVariables("t", 1);
        b.AddLinearObjective(t.Offset, 1);
        var eq = b.AddRows("a'x = 1", ConeKind.Zero, 1);
        for (int i = 0; i < 4; i++) eq.Add(0, i, a[i]);
        eq.SetConstant(0, -1);
        var soc = b.AddRows("norm", ConeKind.SecondOrder, 5);
        soc.Add(0, t.Offset, 1);
        for (int i = 0; i < 4; i++) soc.Add(i + 1, i, 1);
        AssertAgreement("min-norm SOCP", b.Build(), SolveStatus.Optimal, 1 / Math.Sqrt(a.Sum(v => v * v)));
    }

    [Test]
    public void QuadraticProgramWithInequalities()
    {
        // minimize ½‖x − p‖² s.t. x ≥ 0: the projection max(p, 0), optimum ½‖min(p, 0)‖² (closed form).
        var p = new[] { 0.7, -1.2, 0.3, -0.4, 2.0 };
        var b = new ConicProgramBuilder { ObjectiveConstant = 0.5 * p.Sum(v => v * v) };
        var x = b.AddVariables("x", p.Length);
        var pos = b.AddRows("x ≥ 0", ConeKind.NonNegative, p.Length);
        for (int i = 0; i < p.Length; i++)
        {
            b.AddQuadraticObjective(i, i, 1);
            b.AddLinearObjective(i, -p[i]);
            pos.Add(i, i, 1);
        }
        AssertAgreement("projection QP", b.Build(), SolveStatus.Optimal, 0.5 * p.Where(v => v < 0).Sum(v => v * v));
    }

    [Test]
    public void InfeasibleAndUnboundedLinearPrograms()
    {
        var inf = new ConicProgramBuilder();
        inf.AddVariables("x", 1);
        inf.AddLinearObjective(0, 1);
        var rows = inf.AddRows("x ≥ 1 and x ≤ 0", ConeKind.NonNegative, 2);
        rows.Add(0, 0, 1); rows.SetConstant(0, -1);
        rows.Add(1, 0, -1);
        AssertAgreement("infeasible LP", inf.Build(), SolveStatus.Infeasible);

        var unb = new ConicProgramBuilder();
        unb.AddVariables("x", 2);
        unb.AddLinearObjective(0, -1);
        var r = unb.AddRows("x ≥ 0", ConeKind.NonNegative, 2);
        r.Add(0, 0, 1);
        r.Add(1, 1, 1);
        AssertAgreement("unbounded LP", unb.Build(), SolveStatus.Unbounded);
    }

    [Test]
    public void SemidefiniteProgramWithTwoBlocksOfTheSameOrder()
    {
        // minimize tr(C₁X₁) + tr(C₂X₂) s.t. tr X₁ + tr X₂ = 1, X₁, X₂ ⪰ 0: the optimum is min(λ_min(C₁), λ_min(C₂))
        // (put all weight on the smaller eigenvector), computed here with MathNet's eigenvalues.
        var c1 = new double[,] { { 2, 1, 0 }, { 1, 3, 1 }, { 0, 1, 4 } };
        var c2 = new double[,] { { 1.5, -1, 0.5 }, { -1, 2, 0 }, { 0.5, 0, 3 } };
        var b = new ConicProgramBuilder();
        var x1 = b.AddVariables("X1", 6);
        var x2 = b.AddVariables("X2", 6);
        var trace = b.AddRows("trace", ConeKind.Zero, 1);
        trace.SetConstant(0, -1);
        foreach (var (block, c) in new[] { (x1, c1), (x2, c2) })
        {
            var sc = new double[6];
            Svec.FromMatrix(c, sc);
            for (int i = 0; i < 6; i++) b.AddLinearObjective(block.Offset + i, sc[i]);
            for (int d = 0; d < 3; d++) trace.Add(0, block.Offset + Svec.Index(3, d, d), 1);
            var psd = b.AddPsd(block.Name, 3);
            for (int i = 0; i < 6; i++) psd.Add(i, block.Offset + i, 1);
        }
        double MinEig(double[,] m) => MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(m).Evd().EigenValues.Min(e => e.Real);
        AssertAgreement("two-block SDP", b.Build(), SolveStatus.Optimal, Math.Min(MinEig(c1), MinEig(c2)), PsdBackends);
    }

    [Test]
    public void SecondOrderLinearAndSemidefiniteConesTogether()
    {
        // minimize t s.t. ‖X − C‖_F ≤ t (SOC over svec), tr X ≤ 1 (orthant), X ⪰ 0: the distance from C to
        // {X ⪰ 0, tr X ≤ 1}. The norm is unitarily invariant, so the nearest X shares C's eigenvectors and its eigenvalues
        // are the projection of C's onto {μ ≥ 0, Σμ ≤ 1}: clipped at 0 when that sums to at most 1, else the projection
        // onto the unit simplex (sort-based). Reference: that closed form with MathNet's eigenvalues.
        var c = new double[,] { { 1.2, 0.4, -0.3 }, { 0.4, 0.5, 0.2 }, { -0.3, 0.2, -0.8 } };
        var lambda = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(c).Evd().EigenValues.Select(e => e.Real).ToArray();
        var mu = lambda.Select(l => Math.Max(l, 0)).ToArray();
        if (mu.Sum() > 1)
        {
            var u = lambda.OrderByDescending(l => l).ToArray();
            double sum = 0, theta = 0;
            for (int i = 0; i < u.Length; i++)
            {
                sum += u[i];
                if (u[i] - (sum - 1) / (i + 1) > 0) theta = (sum - 1) / (i + 1);
            }
            mu = lambda.Select(l => Math.Max(l - theta, 0)).ToArray();
        }
        Assert.That(mu.Sum(), Is.EqualTo(1).Within(1e-12), "C is chosen so that the trace bound is active");
        double distance = Math.Sqrt(lambda.Zip(mu, (l, m) => (l - m) * (l - m)).Sum());

        var b = new ConicProgramBuilder();
        var x = b.AddVariables("svec X", 6);
        var t = b.AddVariables("t", 1);
        b.AddLinearObjective(t.Offset, 1);
        var sc = new double[6];
        Svec.FromMatrix(c, sc);
        var trace = b.AddRows("1 − tr X ≥ 0", ConeKind.NonNegative, 1);
        trace.SetConstant(0, 1);
        for (int d = 0; d < 3; d++) trace.Add(0, x.Offset + Svec.Index(3, d, d), -1);
        var soc = b.AddRows("‖X − C‖ ≤ t", ConeKind.SecondOrder, 7);
        soc.Add(0, t.Offset, 1);
        for (int i = 0; i < 6; i++)
        {
            soc.Add(1 + i, x.Offset + i, 1);
            soc.SetConstant(1 + i, -sc[i]);
        }
        var psd = b.AddPsd("X", 3);
        for (int i = 0; i < 6; i++) psd.Add(i, x.Offset + i, 1);
        AssertAgreement("SOC + LP + SDP", b.Build(), SolveStatus.Optimal, distance, PsdBackends);
    }

    [Test]
    public void InfeasibleAndUnboundedSemidefinitePrograms()
    {
        // [[x, 1], [1, x]] ⪰ 0 needs x ≥ 1, contradicting x ≤ ½.
        var inf = new ConicProgramBuilder();
        inf.AddVariables("x", 1);
        inf.AddLinearObjective(0, 1);
        var le = inf.AddRows("½ − x ≥ 0", ConeKind.NonNegative, 1);
        le.Add(0, 0, -1);
        le.SetConstant(0, 0.5);
        var p1 = inf.AddPsd("[[x, 1], [1, x]]", 2);
        p1.Add(Svec.Index(2, 0, 0), 0, 1);
        p1.Add(Svec.Index(2, 1, 1), 0, 1);
        p1.SetConstant(Svec.Index(2, 1, 0), Math.Sqrt(2));
        AssertAgreement("infeasible SDP", inf.Build(), SolveStatus.Infeasible, required: PsdBackends);

        // minimize −x over [[x, 1], [1, y]] ⪰ 0, y ≤ 3: x is unbounded above.
        var unb = new ConicProgramBuilder();
        unb.AddVariables("x y", 2);
        unb.AddLinearObjective(0, -1);
        var ub = unb.AddRows("3 − y ≥ 0", ConeKind.NonNegative, 1);
        ub.Add(0, 1, -1);
        ub.SetConstant(0, 3);
        var p2 = unb.AddPsd("[[x, 1], [1, y]]", 2);
        p2.Add(Svec.Index(2, 0, 0), 0, 1);
        p2.Add(Svec.Index(2, 1, 1), 1, 1);
        p2.SetConstant(Svec.Index(2, 1, 0), Math.Sqrt(2));
        AssertAgreement("unbounded SDP", unb.Build(), SolveStatus.Unbounded, required: PsdBackends);
    }

    [Test]
    public void CompiledExamplesAgreeAcrossBackends()
    {
        // Measured limits behind the choices here (docs/backends.md): CSDP's own point on xor leaves a checked gap of
        // 7.6e-8 (its equality split leaves no interior) and is certified at the default 1e-8 only after ConicDsl's
        // refinement from that point (Backends/OrTools/PointRefinement); OR-Tools hands cones to SCIP, which proves
        // the examples optimal in under a second but returns no dual: ConicDsl rebuilds one (the same refinement),
        // and the pair must pass our check like any other backend's; SCS is first-order (see the class comment).
        var slow = new HashSet<string>(FirstOrder) { "ortools" };
        var settings = new SolverSettings { TimeLimitSeconds = 120 };
        // spline1d (squared loss) has a quadratic objective, which SDPA and so CSDP cannot hold; xor (hinge) has none.
        foreach (var (example, expected) in new[] { ("spline1d.cnn", new[] { "native", "cvxopt" }), ("xor.cnn", new[] { "native", "cvxopt", "csdp" }) })
        {
            var path = CliRunner.Example(example);
            var model = ModelFrontEnd.Load(path, File.ReadAllText(path), BackendRegistry.Catalog()).Model!;
            var program = ModelCompiler.Compile(model).Compiled!.Lowered.Program;
            var ipm = Accepting(program).Where(b => !slow.Contains(b.Name))
                .Select(b => (b.Name, Result: b.Solve(program, settings))).ToList();
            Assert.That(ipm.Select(r => r.Name), Is.SupersetOf(expected));
            double reference = ipm[0].Result.PrimalObjective;
            foreach (var (name, r) in ipm)
            {
                TestContext.Out.WriteLine($"{example} {name}: {r.Status.ToWire()} {r.PrimalObjective:G12} in {r.SolveTime.TotalSeconds:0.0} s");
                Assert.That(r.Status, Is.EqualTo(SolveStatus.Optimal), $"{example}: {name}: {r.Message}");
                Assert.That(Math.Abs(r.PrimalObjective - reference) / reference, Is.LessThanOrEqualTo(1e-5), $"{example}: {name}");
            }
            var scip = BackendRegistry.Find("ortools")!.Solve(program, settings);
            TestContext.Out.WriteLine($"{example} ortools: {scip.Status.ToWire()} {scip.PrimalObjective:G12} in {scip.SolveTime.TotalSeconds:0.00} s; {scip.Message}");
            Assert.That(scip.Message, Does.Contain("SCIP status OPTIMAL"), $"{example}: SCIP proves optimality itself");
            Assert.That(scip.Status, Is.EqualTo(SolveStatus.Optimal), $"{example}: SCIP's point with the rebuilt dual passes the check: {scip.Message}");
            Assert.That(Math.Abs(scip.PrimalObjective - reference) / reference, Is.LessThanOrEqualTo(1e-6), $"{example}: SCIP");
            if (example != "spline1d.cnn") continue; // SCS needs ~40 s on xor; measured in docs/backends.md instead
            var scs = BackendRegistry.Find("scs")!.Solve(program, new SolverSettings { MaxIterations = 20000 });
            TestContext.Out.WriteLine($"{example} scs: {scs.Status.ToWire()} {scs.PrimalObjective:G12} vs {reference:G12}");
            Assert.That(Math.Abs(scs.PrimalObjective - reference) / reference, Is.LessThanOrEqualTo(1e-3), "SCS within first-order accuracy");
        }
    }

    /// <summary>
    /// SCIP through OR-Tools must be certified optimal at the default tolerance (1e-8) on every compiled example it
    /// accepts. What is reported is SCIP's own point refined by ConicDsl's post-processing from that point and the
    /// program alone (Newton polish on a face read off the point, the dual rebuilt with exact cones; one SCIP rerun with
    /// tight numerics if that fails), never another backend's point. Reference objective: the native interior-point
    /// backend (an independent implementation). spline1d and xor: <see cref="CompiledExamplesAgreeAcrossBackends"/>,
    /// at the same tolerance. spline1d_huber and xor_gated need the active-set move out of SCIP's face
    /// (Backends/OrTools/FaceRelease; on xor_gated the pressing multipliers lie 2.3e-5 to 3.7e-5·y_t from their cone's
    /// boundary, hence the press ratio 1e-4).
    /// </summary>
    [TestCase("rises_cnn.cnn")]
    [TestCase("signals_circular.cnn")]
    [TestCase("spline1d_huber.cnn")]
    [TestCase("xor_gated.cnn")]
    public void ScipIsCertifiedOptimalOnTheConeExamplesAtTheDefaultTolerance(string example) =>
        AssertCertifiedLikeNative(example, "ortools", "SCIP status OPTIMAL");

    /// <summary>
    /// CSDP on the gated example (hinge loss, no quadratic objective, so SDPA can hold it): its interior point leaves
    /// the unused groups at s_t between 4e-8 and 1.1e-5, above the polish's activity 1e-7, so only the face read at
    /// activity 1e-5 (Backends/OrTools/PolishFace) puts them at the apex; the point polished there and its rebuilt dual
    /// pass the check. Reference objective: the native interior-point backend. xor: <see cref="CompiledExamplesAgreeAcrossBackends"/>.
    /// </summary>
    [TestCase("xor_gated.cnn")]
    public void CsdpIsCertifiedOptimalOnTheGatedExampleAtTheDefaultTolerance(string example) =>
        AssertCertifiedLikeNative(example, "csdp", "0 (success)");

    /// <summary>
    /// CVXOPT on the tightened iris relaxation (20 PSD blocks of order 8 beside 8700 orthant rows): the bridge's packed
    /// sparse KKT solver with CVXOPT's one-step refinement reaches CVXOPT's own 'optimal' and the point passes the check
    /// (measured 12 s; CVXOPT's dense 'chol' solver stopped with numerical difficulties after 261.7 s, docs/backends.md).
    /// Reference objective: the native interior-point backend (an independent implementation).
    /// </summary>
    [TestCase("iris_tight.cnn")]
    public void CvxoptIsCertifiedOptimalOnTheTightIrisRelaxation(string example) =>
        AssertCertifiedLikeNative(example, "cvxopt", "'optimal'");

    private static void AssertCertifiedLikeNative(string example, string backend, string solverSaid)
    {
        var path = CliRunner.Example(example);
        var model = ModelFrontEnd.Load(path, File.ReadAllText(path), BackendRegistry.Catalog()).Model!;
        var program = ModelCompiler.Compile(model).Compiled!.Lowered.Program;
        var native = BackendRegistry.Find("native")!.Solve(program, new SolverSettings());
        Assert.That(native.Status, Is.EqualTo(SolveStatus.Optimal), native.Message);
        var r = BackendRegistry.Find(backend)!.Solve(program, new SolverSettings());
        TestContext.Out.WriteLine($"{example} {backend}: {r.Status.ToWire()} {r.PrimalObjective:G12} (native {native.PrimalObjective:G12}) " +
                                  $"in {r.SolveTime.TotalSeconds:0.00} s; {r.Message}");
        Assert.That(r.Message, Does.Contain(solverSaid));
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Optimal), r.Message);
        Assert.That(SolutionCheck.Compute(program, r.X.AsSpan(), r.Y.AsSpan()).Within(1e-8), "the check, recomputed here");
        Assert.That(Math.Abs(r.PrimalObjective - native.PrimalObjective) / native.PrimalObjective, Is.LessThanOrEqualTo(1e-6));
    }
}
