namespace ConicDsl.Compiler.Patterns;

/// <summary>
/// How <see cref="CertifiedArrangementEnumerator"/> decided its cells: floating-point LPs solved, answers certified
/// exactly by an interior point or by a Gordan vector, and cells handed to Z3 because neither certificate held.
/// </summary>
public sealed record EnumerationStatistics(
    long Regions, long LpSolves, long PointCertificates, long GordanCertificates, long Z3Fallbacks, long Z3Checks,
    TimeSpan Elapsed)
{
    public double RegionsPerSecond => Elapsed.TotalSeconds > 0 ? Regions / Elapsed.TotalSeconds : double.PositiveInfinity;
}
