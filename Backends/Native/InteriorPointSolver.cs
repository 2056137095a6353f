using System.Collections.Immutable;
using System.Diagnostics;
using ConicDsl.Conic;

namespace ConicDsl.Backends.Native;

/// <summary>
/// Primal-dual interior-point method on the homogeneous embedding with a quadratic objective
/// (Goulart &amp; Chen's formulation, as in Clarabel): find (x, y, s, τ, κ), s ∈ K, y ∈ K*, τ, κ ≥ 0 with
/// <code>Px + Aᵀy + cτ = 0,   Ax + s − bτ = 0,   κ + cᵀx + bᵀy + xᵀPx/τ = 0.</code>
/// τ > 0 at the limit gives the optimum (x, y, s)/τ; τ → 0 with κ > 0 gives an infeasibility certificate.
/// Each iteration uses Nesterov–Todd scaling and a Mehrotra predictor–corrector step; both Newton systems share
/// one factorization of <see cref="KktSystem"/>, solved for the constant right-hand side (−c, b) and for the
/// step's own, then combined through the scalar τ equation.
/// Optimality is decided by <see cref="SolutionCheck"/> itself on (x/τ, y/τ), so a point reported Optimal
/// always passes it.
/// </summary>
public sealed class InteriorPointSolver
{
    /// <summary>Reported in every result and by --version; raised when a change alters the iterates.</summary>
    public const string Version = "ipm-hsde 2";

    private const string Backend = "native";
    private readonly ConicProgram _p;
    private readonly InteriorPointSettings _set;
    private readonly ConeSpace _cones;
    private readonly NtScaling _scaling;
    private readonly KktSystem _kkt;
    private readonly int _n, _m;

    // Iterate and residuals.
    private readonly double[] _x, _y, _s, _rx, _rz;
    private double _tau = 1, _kappa = 1, _rtau, _mu;
    // Constant-RHS solution and the directions.
    private readonly double[] _x1, _y1, _dx, _dy, _ds, _dya, _dsa;
    private double _dtau, _dkappa, _dtaua, _dkappaa;
    private readonly double[] _cPlus2Pxi, _t1, _t2, _d1, _d2, _jordan;
    private double _denominator;
    // The point with the best relative objective gap among those that passed SolutionCheck.
    private double[]? _optimalX, _optimalY;
    private SolutionCheck? _optimalCheck;
    private readonly List<SolverIteration> _history = new();

    private readonly CancellationToken _stop;

    /// <param name="stop">Fires on the caller's cancellation or the time limit; polled inside factorizations too.</param>
    private InteriorPointSolver(ConicProgram program, InteriorPointSettings settings, CancellationToken stop)
    {
        _stop = stop;
        _p = program;
        _set = settings;
        _n = program.Variables;
        _m = program.Constraints;
        _cones = new ConeSpace(program.Cones);
        _scaling = new NtScaling(_cones);
        _kkt = new KktSystem(program, _cones, settings, stop);
        _x = new double[_n]; _rx = new double[_n]; _x1 = new double[_n]; _dx = new double[_n];
        _cPlus2Pxi = new double[_n]; _d1 = new double[_n];
        _y = new double[_m]; _s = new double[_m]; _rz = new double[_m]; _y1 = new double[_m]; _dy = new double[_m];
        _ds = new double[_m]; _dya = new double[_m]; _dsa = new double[_m]; _t1 = new double[_m]; _t2 = new double[_m];
        _d2 = new double[_m]; _jordan = new double[_m];
    }

    public static SolveResult Solve(ConicProgram program, InteriorPointSettings settings, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            if (NonFiniteData(program) is { } what)
                return new SolveResult { Status = SolveStatus.NumericalError, Backend = Backend, Message = $"non-finite value in {what}" };
            var presolve = EqualityPresolve.Analyze(program);
            if (presolve.Certificate is { } cert && Certificates.PrimalInfeasibility(program, cert, settings.Tolerance) is { } pinf)
                return Infeasible(0, pinf.Y, pinf.Residual) with { SolveTime = clock.Elapsed };
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            if (settings.TimeLimitSeconds is double limit && limit * 1000 < int.MaxValue)
                stop.CancelAfter(TimeSpan.FromSeconds(Math.Max(0, limit - clock.Elapsed.TotalSeconds)));
            var result = new InteriorPointSolver(presolve.Reduced, settings, stop.Token).Run(clock, cancellation);
            if (presolve.DroppedAny) result = MapBack(program, presolve, result, settings.Tolerance);
            return result with { SolveTime = clock.Elapsed };
        }
        catch (Exception e) when (e is ArithmeticException or IndexOutOfRangeException or OutOfMemoryException)
        {
            return new SolveResult { Status = SolveStatus.NumericalError, Backend = Backend, Message = e.Message, SolveTime = clock.Elapsed };
        }
    }

    private static string? NonFiniteData(ConicProgram p)
    {
        if (p.A.Values.Any(v => !double.IsFinite(v))) return "A";
        if (p.B.Any(v => !double.IsFinite(v))) return "b";
        if (p.C.Any(v => !double.IsFinite(v))) return "c";
        if (p.P is { } q && q.Values.Any(v => !double.IsFinite(v))) return "P";
        return null;
    }

    /// <summary>
    /// Restores the rows the presolve dropped (their duals are 0, their slacks 0) and re-checks the point on the
    /// original program, so the reported residuals are always those of the program the caller passed.
    /// </summary>
    private static SolveResult MapBack(ConicProgram original, EqualityPresolve presolve, SolveResult r, double tolerance)
    {
        var y = r.Y.IsDefaultOrEmpty ? r.Y : presolve.Expand(r.Y.AsSpan()).ToImmutableArray();
        var s = r.S.IsDefaultOrEmpty ? r.S : presolve.Expand(r.S.AsSpan()).ToImmutableArray();
        r = r with { Y = y, S = s };
        if (r.Status is SolveStatus.Infeasible or SolveStatus.Unbounded || r.X.IsDefaultOrEmpty || y.IsDefaultOrEmpty) return r;
        var check = SolutionCheck.Compute(original, r.X.AsSpan(), y.AsSpan());
        r = r with
        {
            PrimalObjective = check.PrimalObjective,
            DualObjective = check.DualObjective,
            PrimalResidual = check.PrimalResidual,
            DualResidual = check.DualResidual,
            Gap = check.Gap,
        };
        if (r.Status == SolveStatus.Optimal && !check.Within(tolerance))
            r = r with { Status = SolveStatus.Inaccurate, Message = "optimal after dropping dependent equality rows, but the original rows are not met to tolerance" };
        return r;
    }

    private SolveResult Run(Stopwatch clock, CancellationToken cancellation)
    {
        double[]? bestX = null, bestY = null;
        int iter = 0;
        try
        {
            return Iterate(clock, cancellation, ref iter, ref bestX, ref bestY);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped inside a factorization: the best point of the iterations completed so far.
            return cancellation.IsCancellationRequested
                ? Stop(SolveStatus.Interrupted, iter, bestX, bestY, "interrupted")
                : Stop(SolveStatus.TimeLimit, iter, bestX, bestY, $"time limit {_set.TimeLimitSeconds} s reached");
        }
    }

    private SolveResult Iterate(Stopwatch clock, CancellationToken cancellation, ref int iter, ref double[]? bestX, ref double[]? bestY)
    {
        if (!Initialize()) return Failure(0, "singular KKT system at the starting point");

        double bestMerit = double.PositiveInfinity;
        SolutionCheck? bestCheck = null;
        double lastStep = 0;
        for (iter = 0; ; iter++)
        {
            ComputeResiduals();
            var (xs, ys) = Unscaled();
            var check = SolutionCheck.Compute(_p, xs, ys);
            if (!AllFinite(check)) return Stop(SolveStatus.NumericalError, iter, bestX, bestY, "non-finite iterate");
            double merit = Math.Max(check.PrimalResidual, Math.Max(check.DualResidual, check.Gap));
            if (merit < bestMerit)
            {
                bestMerit = merit;
                bestX = xs;
                bestY = ys;
                bestCheck = check;
            }
            if (_set.Verbose) Log(iter, check, lastStep);
            Record(iter, check, clock.Elapsed.TotalSeconds);
            if (check.Within(_set.Tolerance))
            {
                if (ObjectivesAgree(check)) return Finish(SolveStatus.Optimal, iter, xs, ys, check, "");
                if (_optimalX is null || RelativeObjectiveGap(check) < RelativeObjectiveGap(_optimalCheck!))
                    (_optimalX, _optimalY, _optimalCheck) = (xs, ys, check);
            }

            if (Certificates.PrimalInfeasibility(_p, _y, _set.Tolerance) is { } pinf)
                return Infeasible(iter, pinf.Y, pinf.Residual);
            if (Certificates.DualInfeasibility(_p, _x, _set.Tolerance) is { } dinf)
                return Unbounded(iter, dinf.X, dinf.S, dinf.Residual);

            if (iter >= _set.MaxIterations)
                return Stop(SolveStatus.IterationLimit, iter, bestX, bestY, $"iteration limit {_set.MaxIterations} reached");
            if (_set.TimeLimitSeconds is { } limit && clock.Elapsed.TotalSeconds > limit)
                return Stop(SolveStatus.TimeLimit, iter, bestX, bestY, $"time limit {limit} s reached");
            if (cancellation.IsCancellationRequested)
                return Stop(SolveStatus.Interrupted, iter, bestX, bestY, "interrupted");

            if (!_scaling.Update(_s, _y, _mu)) return Stalled(iter, bestX, bestY, bestCheck, "iterate left the cone interior");
            if (!_kkt.Factor(_scaling, _mu)) return Stalled(iter, bestX, bestY, bestCheck, "singular or non-finite KKT matrix");
            if (!SolveConstant()) return Stalled(iter, bestX, bestY, bestCheck, "KKT solve produced non-finite values");

            // Predictor: aim at the complementarity point with σ = 0.
            var lambda = _scaling.Lambda;
            _cones.JordanProduct(lambda, lambda, _jordan);
            if (!Direction(0, _jordan, _tau * _kappa)) return Stalled(iter, bestX, bestY, bestCheck, "KKT solve produced non-finite values");
            double alphaAff = Math.Min(1, MaxStep());
            double sigma = Math.Pow(1 - alphaAff, 3);
            Array.Copy(_dy, _dya, _m);
            Array.Copy(_ds, _dsa, _m);
            _dtaua = _dtau;
            _dkappaa = _dkappa;

            // Corrector: centring σμ plus Mehrotra's second-order term (W⁻ᵀΔs_a)∘(WΔy_a).
            _scaling.ApplyWInverseTranspose(_dsa, _t1);
            _scaling.ApplyW(_dya, _t2);
            _cones.JordanProduct(_t1, _t2, _d2);
            _cones.JordanProduct(lambda, lambda, _jordan);
            for (int i = _cones.Zero; i < _m; i++) _jordan[i] += _d2[i];
            _cones.AddIdentity(_jordan, -sigma * _mu);
            double dkappa = _tau * _kappa + _dtaua * _dkappaa - sigma * _mu;
            if (!Direction(sigma, _jordan, dkappa)) return Stalled(iter, bestX, bestY, bestCheck, "KKT solve produced non-finite values");
            double alpha = Math.Min(1, _set.StepFraction * MaxStep());
            if (_cones.Exp.Length > 0) alpha = Centred(alpha);
            if (!(alpha >= _set.MinStep)) return Stalled(iter, bestX, bestY, bestCheck, $"step length {alpha:g3} too small");
            Step(alpha);
            lastStep = alpha;
        }
    }

    /// <summary>Starting point from [P Aᵀ; A −I][x; y] = [−c; b] (a regularized least-squares fit of the data),
    /// with s = −y on the cone rows and both s and y shifted into the interior.</summary>
    private bool Initialize()
    {
        if (!_kkt.Factor(null)) return false;
        var mc = new double[_n];
        for (int i = 0; i < _n; i++) mc[i] = -_p.C[i];
        var b = _p.B.AsSpan();
        if (!double.IsFinite(_kkt.Solve(mc, b, _x, _y))) return false;
        for (int i = _cones.Zero; i < _m; i++) _s[i] = -_y[i];
        _cones.ShiftToInterior(_s);
        _cones.ShiftToInterior(_y);
        // Exponential cones start at their central point, where s = −∇f*(y) (ExpScaling).
        foreach (var start in _cones.Exp)
        {
            ExpScaling.Central.CopyTo(_s, start);
            ExpScaling.Central.CopyTo(_y, start);
        }
        _tau = 1;
        _kappa = 1;
        return true;
    }

    private void ComputeResiduals()
    {
        Array.Clear(_rx);
        if (_p.P is { } p) KktSystem.SymmetricUpperMultiplyAdd(p, _x, _rx, 1);
        double xpx = Dot(_x, _rx);
        _p.A.TransposeMultiplyAdd(_y, _rx);
        for (int i = 0; i < _n; i++) _rx[i] += _p.C[i] * _tau;
        Array.Clear(_rz);
        _p.A.MultiplyAdd(_x, _rz);
        for (int i = 0; i < _m; i++) _rz[i] += _s[i] - _p.B[i] * _tau;
        _rtau = _kappa + Dot(_p.C.AsSpan(), _x) + Dot(_p.B.AsSpan(), _y) + xpx / _tau;
        _mu = (_cones.ConeDot(_s, _y) + _tau * _kappa) / (_cones.Degree + 1);
    }

    /// <summary>
    /// Solves K[x1; y1] = [−c; b] and precomputes the τ equation's pieces: c + 2Pξ (ξ = x/τ) and the denominator
    /// −(x1 − ξ)ᵀP(x1 − ξ) − y1ᵀHy1 − κ/τ, which is written in this form because it is then negative by
    /// construction rather than by cancellation.
    /// </summary>
    private bool SolveConstant()
    {
        var mc = new double[_n];
        for (int i = 0; i < _n; i++) mc[i] = -_p.C[i];
        if (!double.IsFinite(_kkt.Solve(mc, _p.B.AsSpan(), _x1, _y1))) return false;
        var xi = new double[_n];
        for (int i = 0; i < _n; i++) xi[i] = _x[i] / _tau;
        Array.Clear(_cPlus2Pxi);
        double quad = 0;
        if (_p.P is { } p)
        {
            KktSystem.SymmetricUpperMultiplyAdd(p, xi, _cPlus2Pxi, 2);
            var diff = new double[_n];
            for (int i = 0; i < _n; i++) diff[i] = _x1[i] - xi[i];
            var pd = new double[_n];
            KktSystem.SymmetricUpperMultiplyAdd(p, diff, pd, 1);
            quad = Dot(diff, pd);
        }
        for (int i = 0; i < _n; i++) _cPlus2Pxi[i] += _p.C[i];
        _scaling.ApplyW(_y1, _t1);
        double hy = _cones.ConeDot(_t1, _t1);
        _denominator = -quad - hy - _kappa / _tau;
        return double.IsFinite(_denominator) && _denominator < 0;
    }

    /// <summary>
    /// The Newton direction for the linearized complementarity λ∘(W⁻ᵀΔs + WΔy) = −ds, κΔτ + τΔκ = −dκ,
    /// with the linear residuals reduced by the factor (1 − σ). Hence Δs = −Wᵀ(λ⊘ds + WΔy) and the cone rows of the
    /// Newton system read AΔx − WᵀWΔy = −(1 − σ)r_z + Wᵀ(λ⊘ds).
    /// </summary>
    private bool Direction(double sigma, double[] dsTarget, double dkappa)
    {
        double keep = 1 - sigma;
        _cones.JordanDivide(_scaling.Lambda, dsTarget, _t1); // t = λ⊘ds
        ExponentialTargets(sigma);
        _scaling.ApplyWTranspose(_t1, _t2);                   // Wᵀ(λ⊘ds)
        for (int i = 0; i < _n; i++) _d1[i] = -keep * _rx[i];
        for (int i = 0; i < _m; i++) _d2[i] = -keep * _rz[i] + (i >= _cones.Zero ? _t2[i] : 0);
        if (!double.IsFinite(_kkt.Solve(_d1, _d2, _dx, _dy))) return false;

        double num = -keep * _rtau + dkappa / _tau - Dot(_cPlus2Pxi, _dx) - Dot(_p.B.AsSpan(), _dy);
        _dtau = num / _denominator;
        for (int i = 0; i < _n; i++) _dx[i] += _dtau * _x1[i];
        for (int i = 0; i < _m; i++) _dy[i] += _dtau * _y1[i];
        // Δs = −Wᵀ(λ⊘ds + WΔy)
        _scaling.ApplyW(_dy, _t2);
        for (int i = _cones.Zero; i < _m; i++) _t2[i] += _t1[i];
        _scaling.ApplyWTranspose(_t2, _ds);
        for (int i = 0; i < _m; i++) _ds[i] = -_ds[i];
        _dkappa = -(dkappa + _kappa * _dtau) / _tau;
        return double.IsFinite(_dtau) && double.IsFinite(_dkappa);
    }

    /// <summary>
    /// The exponential cones' rows of t = λ⊘ds, chosen so that Wᵀt is the nonsymmetric method's target
    /// d_s = s + σμ∇f*(y) (Δs + HΔy = −d_s): the affine direction (σ = 0) aims at s + Δs = −HΔy, the centred one at
    /// the central path s = −μ∇f*(y). No second-order (Mehrotra) term is added for these rows.
    /// </summary>
    private void ExponentialTargets(double sigma)
    {
        Span<double> g = stackalloc double[3];
        Span<double> d = stackalloc double[3];
        for (int k = 0; k < _cones.Exp.Length; k++)
        {
            int start = _cones.Exp[k];
            ExpScaling.DualGradient(_y.AsSpan(start, 3), g);
            for (int i = 0; i < 3; i++) d[i] = _s[start + i] + sigma * _mu * g[i];
            _scaling.Exp(k).ApplyWInverseTranspose(d, _t1.AsSpan(start, 3));
        }
    }

    private double MaxStep()
    {
        double a = Math.Min(_cones.MaxStep(_s, _ds), _cones.MaxStep(_y, _dy));
        if (_dtau < 0) a = Math.Min(a, -_tau / _dtau);
        if (_dkappa < 0) a = Math.Min(a, -_kappa / _dkappa);
        if (_cones.Exp.Length > 0) a = ExponentialStep(Math.Min(a, 1 / _set.StepFraction));
        return a;
    }

    /// <summary>
    /// Without a Jordan algebra nothing keeps an exponential block from running into its cone's boundary ahead of
    /// the others, after which its scaling degenerates and steps shrink to nothing. So the step is shortened (by 0.8,
    /// down to a tenth) until every exponential block stays in the barrier neighbourhood
    /// Ψ_k = f(s_k) + f*(y_k) + 3·log μ(α) + 3 ≤ θ: Ψ_k ≥ 3·log(μ/μ_k) with equality on the central ray, so the test
    /// bounds both the block's distance from its own central ray and how far its complementarity μ_k lags behind μ.
    /// </summary>
    private double Centred(double alpha)
    {
        const double theta = NeighbourhoodTheta;
        double floor = 0.1 * alpha;
        Span<double> ps = stackalloc double[3];
        Span<double> py = stackalloc double[3];
        for (double a = alpha; a >= floor; a *= 0.8)
        {
            double sy = 0;
            for (int i = _cones.Zero; i < _m; i++) sy += (_s[i] + a * _ds[i]) * (_y[i] + a * _dy[i]);
            double mu = (sy + (_tau + a * _dtau) * (_kappa + a * _dkappa)) / (_cones.Degree + 1);
            double logMu = Math.Log(mu);
            bool centred = true;
            foreach (var b in _cones.Exp)
            {
                for (int i = 0; i < 3; i++)
                {
                    ps[i] = _s[b + i] + a * _ds[b + i];
                    py[i] = _y[b + i] + a * _dy[b + i];
                }
                double psi = ExpScaling.BarrierSum(ps, py) + 3 * logMu + 3;
                if (!(psi <= theta))
                {
                    centred = false;
                    break;
                }
            }
            if (centred) return a;
        }
        return floor;
    }

    internal const double NeighbourhoodTheta = 5;

    /// <summary>The exponential cones have no closed-form step bound: backtrack by 0.8 from <paramref name="start"/>
    /// until every block of s + αΔs is inside K_exp and of y + αΔy inside K_exp*.</summary>
    private double ExponentialStep(double start)
    {
        Span<double> ps = stackalloc double[3];
        Span<double> py = stackalloc double[3];
        for (double alpha = start; alpha > _set.MinStep * 1e-3; alpha *= 0.8)
        {
            bool inside = true;
            foreach (var b in _cones.Exp)
            {
                for (int i = 0; i < 3; i++)
                {
                    ps[i] = _s[b + i] + alpha * _ds[b + i];
                    py[i] = _y[b + i] + alpha * _dy[b + i];
                }
                if (!ExpScaling.PrimalInterior(ps) || !ExpScaling.DualInterior(py))
                {
                    inside = false;
                    break;
                }
            }
            if (inside) return alpha;
        }
        return 0;
    }

    private void Step(double alpha)
    {
        for (int i = 0; i < _n; i++) _x[i] += alpha * _dx[i];
        for (int i = 0; i < _m; i++) _y[i] += alpha * _dy[i];
        for (int i = _cones.Zero; i < _m; i++) _s[i] += alpha * _ds[i];
        _tau += alpha * _dtau;
        _kappa += alpha * _dkappa;
    }

    private void Record(int iter, SolutionCheck check, double seconds)
    {
        var entry = new SolverIteration(iter, check.PrimalObjective, check.PrimalResidual, check.DualResidual, check.Gap, seconds);
        if (_history.Count < SolveResult.MaxHistory) _history.Add(entry);
        _set.Progress?.Report(entry);
    }

    private (double[] X, double[] Y) Unscaled()
    {
        var xs = new double[_n];
        var ys = new double[_m];
        for (int i = 0; i < _n; i++) xs[i] = _x[i] / _tau;
        for (int i = 0; i < _m; i++) ys[i] = _y[i] / _tau;
        return (xs, ys);
    }

    private SolveResult Finish(SolveStatus status, int iter, double[] x, double[] y, SolutionCheck check, string message)
    {
        var ax = _p.A.Multiply(x);
        var s = new double[_m];
        for (int i = 0; i < _m; i++) s[i] = _p.B[i] - ax[i];
        ConeProjection.ProjectPrimal(_p.Cones, s);
        return new SolveResult
        {
            Status = status,
            Backend = Backend,
            SolverVersion = Version,
            X = x.ToImmutableArray(),
            Y = y.ToImmutableArray(),
            S = s.ToImmutableArray(),
            PrimalObjective = check.PrimalObjective,
            DualObjective = check.DualObjective,
            PrimalResidual = check.PrimalResidual,
            DualResidual = check.DualResidual,
            Gap = check.Gap,
            Iterations = iter,
            Message = message,
            History = _history.ToImmutableArray(),
        };
    }

    /// <summary>Returns the best iterate seen, with its own recomputed check.</summary>
    private SolveResult Stop(SolveStatus status, int iter, double[]? x, double[]? y, string message)
    {
        if (x is null || y is null) return Failure(iter, message) with { Status = status };
        var check = SolutionCheck.Compute(_p, x, y);
        return Finish(status, iter, x, y, check, message);
    }

    /// <summary>A stall after a point passed the standard check returns that point as Optimal; otherwise it is
    /// Inaccurate when the best point meets the reduced tolerance, else a numerical error.</summary>
    private SolveResult Stalled(int iter, double[]? x, double[]? y, SolutionCheck? check, string why)
    {
        if (_optimalX is not null && _optimalY is not null && _optimalCheck is not null)
            return Finish(SolveStatus.Optimal, iter, _optimalX, _optimalY, _optimalCheck,
                $"objectives agree to {RelativeObjectiveGap(_optimalCheck):g2} relative (asked {_set.Tolerance:g2}); further steps stalled: {why}");
        if (x is not null && y is not null && check is not null && check.Within(_set.ReducedTolerance))
            return Finish(SolveStatus.Inaccurate, iter, x, y, check, $"{why}; returning the best point, which meets only the reduced tolerance {_set.ReducedTolerance:g3}");
        return Stop(SolveStatus.NumericalError, iter, x, y, why);
    }

    private SolveResult Failure(int iter, string message) =>
        new() { Status = SolveStatus.NumericalError, Backend = Backend, Iterations = iter, Message = message, History = _history.ToImmutableArray() };

    private static SolveResult Infeasible(int iter, double[] y, double residual) => new()
    {
        Status = SolveStatus.Infeasible,
        Backend = Backend,
        SolverVersion = Version,
        Y = y.ToImmutableArray(),
        PrimalObjective = double.PositiveInfinity,
        DualObjective = double.PositiveInfinity,
        Iterations = iter,
        Message = $"primal infeasible: certificate y ∈ K* with bᵀy = −1, ‖Aᵀy‖∞ = {residual:g3}",
    };

    private static SolveResult Unbounded(int iter, double[] x, double[] s, double residual) => new()
    {
        Status = SolveStatus.Unbounded,
        Backend = Backend,
        SolverVersion = Version,
        X = x.ToImmutableArray(),
        S = s.ToImmutableArray(),
        PrimalObjective = double.NegativeInfinity,
        DualObjective = double.NegativeInfinity,
        Iterations = iter,
        Message = $"dual infeasible: direction x with cᵀx = −1, ‖Px‖∞ and dist(−Ax, K) ≤ {residual:g3}",
    };

    private void Log(int iter, SolutionCheck c, double step)
    {
        if (iter == 0)
            Console.Error.WriteLine($"native ipm: n={_n} m={_m} {_p.Cones}; {_kkt.FactorizationDescription}");
        Console.Error.WriteLine(
            $"{iter,4} pobj {c.PrimalObjective,14:e6} dobj {c.DualObjective,14:e6} gap {c.Gap:e2} pres {c.PrimalResidual:e2} dres {c.DualResidual:e2} " +
            $"tau {_tau:e2} kappa {_kappa:e2} mu {_mu:e2} step {step:f3} dynreg {_kkt.DynamicRegularizations}; kkt {_kkt.Times}");
    }

    /// <summary>
    /// SolutionCheck's gap is relative to 1 + |p| + |d|, which is an absolute test when the optimum is far below 1
    /// (e.g. separable data with a small β). Users compare the optimum with their network's objective in relative
    /// terms, so the solver also insists on |p − d| ≤ tol·max(|p|, |d|) unless both objectives are essentially 0.
    /// </summary>
    private bool ObjectivesAgree(SolutionCheck c)
    {
        double p = c.PrimalObjective, d = c.DualObjective, diff = Math.Abs(p - d);
        return diff <= _set.Tolerance * Math.Max(Math.Abs(p), Math.Abs(d)) || diff <= _set.Tolerance * 1e-4;
    }

    private static double RelativeObjectiveGap(SolutionCheck c) =>
        Math.Abs(c.PrimalObjective - c.DualObjective) / Math.Max(1e-300, Math.Max(Math.Abs(c.PrimalObjective), Math.Abs(c.DualObjective)));

    private static bool AllFinite(SolutionCheck c) =>
        double.IsFinite(c.PrimalResidual) && double.IsFinite(c.DualResidual) && double.IsFinite(c.Gap);

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
