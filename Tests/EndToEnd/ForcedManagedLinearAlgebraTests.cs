using System.Text.Json.Nodes;
using ConicDsl.LinearAlgebra;
using ConicDsl.Tests.Support;

namespace ConicDsl.Tests.EndToEnd;

/// <summary>
/// CONICDSL_LINEAR_ALGEBRA=managed switches a whole process to MathNet's kernels (the provider is chosen once per
/// process, so this runs the executable). Reference: the same model solved with the default provider — OpenBLAS
/// where installed — an independent implementation of the IPM's LDLᵀ updates and of the pruning SVD.
/// </summary>
public class ForcedManagedLinearAlgebraTests
{
    [Test]
    public void Forced_managed_solve_matches_the_default_provider()
    {
        var model = CliRunner.Example("spline1d.cnn");
        var managed = ExecutableTests.Run(new Dictionary<string, string> { [DenseLinearAlgebra.ForceVariable] = "managed" }, "solve", model, "--json");
        var standard = ExecutableTests.Run(new Dictionary<string, string>(), "solve", model, "--json");
        Assert.That(managed.Code, Is.EqualTo(0), managed.Err);
        Assert.That(standard.Code, Is.EqualTo(0), standard.Err);
        var a = JsonNode.Parse(managed.Out)!;
        var b = JsonNode.Parse(standard.Out)!;
        foreach (var key in new[] { "objective", "nonconvex_objective" })
        {
            double x = a[key]!.GetValue<double>(), y = b[key]!.GetValue<double>();
            Assert.That(Math.Abs(x - y), Is.LessThanOrEqualTo(1e-7 * Math.Abs(y)), key);
        }
    }
}
