using ConicDsl.Backends;
using ConicDsl.Compiler.Certificates;
using ConicDsl.Compiler.Pipeline;

namespace ConicDsl.Cli.Reporting;

/// <summary>Every number <c>conicdsl certify</c> reports, gathered once so the text and JSON forms cannot disagree.</summary>
public sealed record CertifyReport(
    CompiledModel Compiled,
    string NetworkPath,
    SolveResult Solve,
    OptimalityCertificate Certificate,
    OptimalityDecision Decision)
{
    /// <summary>network − optimum (conventions.md units).</summary>
    public double Gap => Certificate.NetworkObjective - Decision.OptimalObjective;

    /// <summary>(network − optimum) / max(|optimum|, 1e-12).</summary>
    public double RelativeGap => Gap / Math.Max(Math.Abs(Decision.OptimalObjective), 1e-12);
}
