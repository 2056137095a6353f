using NUnit.Framework;
using System.Collections.Immutable;
using ConicDsl.Backends;
using ConicDsl.Backends.Native;
using ConicDsl.Conic;

namespace ConicDsl.Tests.Backends.Native;

/// <summary>Builds standard-form programs directly from triplets and runs the native backend on them.</summary>
internal static class NativeTestPrograms
{
    public static ConicProgram Make(
        int n,
        IEnumerable<(int Row, int Col, double Value)> a,
        double[] b,
        double[] c,
        int zero,
        int nonneg,
        int[]? soc = null,
        IEnumerable<(int Row, int Col, double Value)>? pUpper = null)
    {
        var socs = (soc ?? Array.Empty<int>()).ToImmutableArray();
        var p = pUpper is null ? null : SparseMatrix.FromTriplets(n, n, pUpper);
        return new ConicProgram(
            SparseMatrix.FromTriplets(b.Length, n, a),
            b.ToImmutableArray(),
            c.ToImmutableArray(),
            p,
            0,
            new ConeLayout(zero, nonneg, socs),
            ImmutableArray<Block>.Empty,
            ImmutableArray<Block>.Empty);
    }

    public static SolveResult Solve(ConicProgram program, double? maxIters = null, double? tolerance = null)
    {
        var options = new Dictionary<string, double>();
        if (maxIters is { } mi) options["max_iters"] = mi;
        if (tolerance is { } t) options["tolerance"] = t;
        if (Environment.GetEnvironmentVariable("NATIVE_VERBOSE") == "1") options["verbose"] = 1;
        return new NativeBackend().Solve(program, new SolverSettings { Options = options });
    }

    /// <summary>Asserts Optimal and that the backend's reported residuals are exactly the recomputed ones.</summary>
    public static void AssertOptimal(ConicProgram program, SolveResult r, double tol = 1e-8)
    {
        Assert.That(r.Status, Is.EqualTo(SolveStatus.Optimal), r.Message);
        var check = SolutionCheck.Compute(program, r.X.AsSpan(), r.Y.AsSpan());
        Assert.That(check.Within(tol), Is.True, $"recomputed check {check}");
        Assert.That(r.PrimalResidual, Is.EqualTo(check.PrimalResidual));
        Assert.That(r.DualResidual, Is.EqualTo(check.DualResidual));
        Assert.That(r.Gap, Is.EqualTo(check.Gap));
    }
}
