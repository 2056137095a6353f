using System.Globalization;
using ConicDsl.Backends;
using ConicDsl.Cli.Reporting;
using ConicDsl.Dsl.Semantics;
using ScottPlot;

namespace ConicDsl.Cli.Plotting;

/// <summary>
/// Picks the plot of one solve by the shape of its input: one feature → <see cref="SplineFitPlot"/>, two features
/// with the hinge loss → <see cref="DecisionRegionPlot"/>. Anything else has no plot kind; the caller warns and the
/// solve is reported as usual (a missing picture is not a failed training).
/// </summary>
public static class SolutionPlot
{
    public static (Plot? Plot, string? Refusal) Draw(SolveReport report)
    {
        var compiled = report.Compiled;
        var data = compiled.Data;
        if (report.Recovery is not { } recovery)
            return (null, $"no network was recovered (solver status {report.Result.Status.ToWire()}), so there is nothing to draw");
        if (compiled.Model.Network.Input.Shape != InputShape.Vector)
            return (null, $"no plot kind exists for {compiled.Model.Network.Input.Shape.ToString().ToLowerInvariant()} inputs (plots exist for 1 input feature, and for 2 features with the hinge loss)");
        string title = $"{compiled.Model.Name}: objective {report.NonConvexObjective.ToString("G8", CultureInfo.InvariantCulture)}, " +
                       $"beta {compiled.Model.Regularizer.Beta.ToString("G4", CultureInfo.InvariantCulture)}, {report.ActiveNeurons} unit(s)";
        return data.Features switch
        {
            1 => (SplineFitPlot.Draw(recovery.Network, data, title), null),
            2 when compiled.Model.Loss.Kind == LossKind.Hinge => (DecisionRegionPlot.Draw(recovery.Network, data, title), null),
            2 => (null, "no plot kind exists for 2 input features with a regression loss (decision regions are drawn for the hinge loss)"),
            _ => (null, $"no plot kind exists for {data.Features} input features (plots exist for 1 feature, and for 2 features with the hinge loss)"),
        };
    }
}
