using ConicDsl.Backends.OrTools;
using ConicDsl.Conic;

namespace ConicDsl.Tests.Backends.OrTools;

/// <summary>
/// Which apex blocks the active-set move releases, and where it puts them. References are the definitions: a
/// multiplier y = (y_t, y_z) is on its cone's boundary when ‖y_z‖ = y_t, and the primal direction complementary to it
/// is (y_t, −y_z), on the primal cone's boundary and orthogonal to y.
/// </summary>
public class FaceReleaseTests
{
    /// <summary>Two 3-dimensional blocks s_k = x_k (the builder's coefficients are s's: A = −I, b = 0), so ‖b‖ = 0 and s_t = ε exactly.</summary>
    private static ConicProgram TwoBlocks()
    {
        var b = new ConicProgramBuilder();
        b.AddVariables("x", 6);
        for (int k = 0; k < 2; k++)
        {
            var rows = b.AddRows($"block{k}", ConeKind.SecondOrder, 3);
            for (int r = 0; r < 3; r++) rows.Add(r, 3 * k + r, 1);
        }
        b.AddLinearObjective(0, 1);
        b.AddLinearObjective(3, 1);
        return b.Build();
    }

    [Test]
    public void APressingBlockMovesOntoItsBoundaryOppositeItsMultiplier()
    {
        var program = TwoBlocks();
        // Block 0's multiplier is on the boundary (0.6² + 0.8² = 1), block 1's strictly inside.
        var y = new[] { 1, 0.6, 0.8, 1, 0.3, 0.4 };
        var moved = FaceRelease.Release(program, new double[6], y, 1e-6, 1e-7)!;
        Assert.That(moved, Is.Not.Null);
        double e = FaceRelease.Step;
        Assert.That(moved, Is.EqualTo(new[] { e, -0.6 * e, -0.8 * e, 0, 0, 0 }).Within(1e-18));
        Assert.That(moved[0] - Math.Sqrt(moved[1] * moved[1] + moved[2] * moved[2]), Is.EqualTo(0).Within(1e-18), "on the boundary");
        Assert.That(moved[0] * y[0] + moved[1] * y[1] + moved[2] * y[2], Is.EqualTo(0).Within(1e-18), "complementary to y");
    }

    [Test]
    public void NothingIsReleasedWithoutAPressingApexBlock()
    {
        var program = TwoBlocks();
        var inside = new[] { 1, 0.3, 0.4, 1, 0.3, 0.4 };
        Assert.That(FaceRelease.Release(program, new double[6], inside, 1e-6, 1e-7), Is.Null, "multipliers strictly inside");
        // A pressing multiplier on a block that is in use (s_t = 1, not at the apex) is complementary already.
        var used = new double[] { 1, 0.6, -0.8, 0, 0, 0 };
        Assert.That(FaceRelease.Release(program, used, new[] { 1, 0.6, 0.8, 1, 0.3, 0.4 }, 1e-6, 1e-7), Is.Null);
    }

    [Test]
    public void TheRatioDecidesWhatCountsAsPressing()
    {
        var program = TwoBlocks();
        // ‖y_z‖ = 1 − 1e-6: pressing at ratio 1e-5, not at 1e-7.
        double r = 1 - 1e-6;
        var y = new[] { 1, 0.6 * r, 0.8 * r, 1, 0.3, 0.4 };
        Assert.That(FaceRelease.Release(program, new double[6], y, 1e-5, 1e-7), Is.Not.Null);
        Assert.That(FaceRelease.Release(program, new double[6], y, 1e-7, 1e-7), Is.Null);
    }
}
