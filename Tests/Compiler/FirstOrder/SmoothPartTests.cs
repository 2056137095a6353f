using ConicDsl.Compiler.FirstOrder;

namespace ConicDsl.Tests.Compiler.FirstOrder;

/// <summary>The fused row passes of the smooth part against independent routes: the gradient against central finite
/// differences of the value, the value against a direct formula with explicit D_j X̃ products, and the extrapolated
/// image against the image of the extrapolated point (linearity).</summary>
public class SmoothPartTests
{
    private static double[] Random(Random rng, int length) =>
        Enumerable.Range(0, length).Select(_ => 2 * rng.NextDouble() - 1).ToArray();

    private static (GroupLassoProblem Problem, GroupLassoSmoothPart Smooth) Build(bool constrained, bool offset, int seed)
    {
        var rng = new Random(seed);
        int n = 37, d = 4, p = 6;
        var masks = Enumerable.Range(0, n * p).Select(_ => (byte)(rng.NextDouble() < 0.5 ? 1 : 0)).ToArray();
        var problem = new GroupLassoProblem(n, d, p, Random(rng, n * d), masks, Random(rng, n), 0.1, d, constrained, offset);
        var smooth = new GroupLassoSmoothPart(problem, new MaskedGroupOperator(problem, ManagedGemm.Instance));
        if (constrained)
        {
            smooth.Multipliers = Random(rng, n * problem.Blocks).Select(Math.Abs).ToArray();
            smooth.Penalty = 3.0;
        }
        return (problem, smooth);
    }

    /// <summary>½‖ŷ − y‖² + (δ/2)Σ(γ/δ − S X̃θ)_+², every D_j X̃ θ_j computed sample by sample.</summary>
    private static double Direct(GroupLassoProblem problem, double[]? gamma, double delta, double[] x)
    {
        int n = problem.Samples, d = problem.Features, p = problem.Patterns, b = problem.Blocks;
        double loss = 0, penalty = 0;
        for (int s = 0; s < n; s++)
        {
            double prediction = problem.FreeOutputOffset ? x[^1] : 0;
            for (int j = 0; j < b; j++)
            {
                double z = 0;
                for (int l = 0; l < d; l++) z += problem.Design[s * d + l] * x[l * b + j];
                int mask = problem.Masks[s * p + j % p];
                prediction += (j < p ? 1 : -1) * mask * z;
                if (gamma is null) continue;
                double slack = Math.Max(0, gamma[s * b + j] / delta - (2 * mask - 1) * z);
                penalty += slack * slack;
            }
            loss += (prediction - problem.Targets[s]) * (prediction - problem.Targets[s]);
        }
        return 0.5 * loss + 0.5 * delta * penalty;
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(true, true)]
    public void ValueAndGradientMatchTheDirectFormulaAndFiniteDifferences(bool constrained, bool offset)
    {
        var (problem, smooth) = Build(constrained, offset, 4);
        var x = Random(new Random(9), smooth.Length);
        var image = smooth.Images.First;
        smooth.Map(x, image);
        double value = smooth.Value(image, x);
        Assert.That(value, Is.EqualTo(Direct(problem, smooth.Multipliers, smooth.Penalty, x)).Within(1e-11 * value));

        var gradient = new double[smooth.Length];
        smooth.ValueAndGradient(image, x, gradient);
        const double h = 1e-6;
        for (int e = 0; e < x.Length; e++)
        {
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[e] += h;
            minus[e] -= h;
            double numeric = (Direct(problem, smooth.Multipliers, smooth.Penalty, plus) -
                              Direct(problem, smooth.Multipliers, smooth.Penalty, minus)) / (2 * h);
            Assert.That(gradient[e], Is.EqualTo(numeric).Within(1e-5 * (1 + Math.Abs(numeric))), $"coordinate {e}");
        }
    }

    [Test]
    public void ExtrapolatedImageIsTheImageOfTheExtrapolatedPoint()
    {
        var (problem, smooth) = Build(constrained: true, offset: false, 5);
        var rng = new Random(6);
        var x = Random(rng, smooth.Length);
        var next = Random(rng, smooth.Length);
        const double momentum = 0.7;
        var (imageX, imageNext) = smooth.Images;
        smooth.Map(x, imageX);
        smooth.Map(next, imageNext);
        GroupLassoSmoothPart.Extrapolate(imageX, imageNext, momentum);
        var v = next.Select((value, e) => value + momentum * (value - x[e])).ToArray();
        var direct = new double[imageX.Length];
        new MaskedGroupOperator(problem, ManagedGemm.Instance).Products(v, direct);
        Assert.That(imageX, Is.EqualTo(direct).Within(1e-12));
    }
}
