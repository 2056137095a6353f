using ConicDsl.Backends.OrTools;

namespace ConicDsl.Tests.Backends.OrTools;

/// <summary>How a second-order block of SCIP's point is classified for the polish; references are the definitions
/// (apex: s_t ≈ 0; boundary: s_t = ‖s_z‖; a block outside its cone by more than the ratio of s_t: an artefact of
/// SCIP's quadratic feasibility tolerance, put at the apex).</summary>
public class PolishFaceTests
{
    private static readonly PolishFace Face = new(1e-7, 1e-4);

    [Test]
    public void ApexBoundaryAndInteriorAreReadOffTheSlack()
    {
        Assert.That(Face.Classify(new[] { 1e-9, 5e-10, 0 }, 1e-7), Is.EqualTo(BlockFace.Apex));
        Assert.That(Face.Classify(new[] { 5.0, 3.0, 4.0 }, 1e-7), Is.EqualTo(BlockFace.Boundary));
        Assert.That(Face.Classify(new[] { 5.0, 3.0, 3.9 }, 1e-7), Is.EqualTo(BlockFace.Interior));
    }

    [Test]
    public void ABlockFarOutsideItsConeIsTakenToTheApex()
    {
        // s_t = 1.4e-3 with ‖s_z‖ − s_t = 1.55e-6 (1.1e-3 of s_t): Examples/rises_cnn.cnn's spurious block. Its
        // quadratic violation ‖s_z‖² − s_t² = 4.4e-9 is within SCIP's feastol 1e-8.
        double t = 1.4277e-3, z = t + 1.5542e-6;
        Assert.That(z * z - t * t, Is.LessThan(1e-8));
        Assert.That(Face.Classify(new[] { t, z, 0 }, 1e-7), Is.EqualTo(BlockFace.Apex));
        // The same violation measured against a looser ratio leaves it on the boundary.
        Assert.That(new PolishFace(1e-7, 1e-2).Classify(new[] { t, z, 0 }, 1e-7), Is.EqualTo(BlockFace.Boundary));
    }

    [Test]
    public void CandidatesAreDistinctAndTryTheMeasuredFaceFirst()
    {
        var candidates = PolishFace.Candidates(1e-4);
        Assert.That(candidates, Is.Unique);
        Assert.That(candidates[0], Is.EqualTo(new PolishFace(1e-7, 1e-4)));
        Assert.That(PolishFace.Candidates(1e-7).Count, Is.EqualTo(4), "SCIP's own accuracy adds nothing when it equals the first");
        Assert.That(candidates[^1], Is.EqualTo(new PolishFace(1e-5, 1e-4)), "the wide face for interior points comes last");
    }

    [Test]
    public void AnInteriorPointsUnusedGroupIsAtTheApexOnlyOnTheWideFace()
    {
        // CSDP's point on Examples/xor_gated.cnn: an unused group sits at s_t = 1.1e-5 with s_t − ‖s_z‖ = 1.0e-8 (an
        // interior point's distance to the apex decays with μ, not to zero); bScale = 2 there.
        double t = 1.123e-5, nz = t - 9.978e-9;
        var s = new[] { t, nz, 0, 0 };
        Assert.That(new PolishFace(1e-7, 1e-4).Classify(s, 1e-7 * 2), Is.EqualTo(BlockFace.Boundary));
        Assert.That(new PolishFace(1e-5, 1e-4).Classify(s, 1e-5 * 2), Is.EqualTo(BlockFace.Apex));
    }
}
