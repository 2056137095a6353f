using ScottPlot;

namespace ConicDsl.Cli.Plotting;

/// <summary>What became of a requested plot.</summary>
public enum PlotOutcome
{
    Written,
    /// <summary>No plot kind for this model: warned, the solve's exit code stands.</summary>
    NoPlotKind,
    /// <summary>The file could not be written or rendered: an error, exit code 2.</summary>
    Failed,
}

/// <summary>Draws a requested plot and writes it, turning every way that can fail into one message on stderr.</summary>
public static class PlotOutput
{
    public static PlotOutcome Write(Func<(Plot? Plot, string? Refusal)> draw, string path, PlotSize size, CliContext context,
        string option = "--plot")
    {
        try
        {
            var (plot, refusal) = draw();
            if (plot is null)
            {
                context.Error.WriteLine($"warning: {option} {path} not written: {refusal}");
                return PlotOutcome.NoPlotKind;
            }
            PngFile.Save(plot, path, size);
            return PlotOutcome.Written;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            context.Error.WriteLine($"error: cannot write the plot {path}: {e.Message}");
            return PlotOutcome.Failed;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            // SkiaSharp's native library ships with the package (SkiaSharp.NativeAssets.Linux.NoDependencies); this is
            // reached only on a platform it does not cover.
            context.Error.WriteLine($"error: cannot render the plot {path}: the drawing library could not load ({e.Message})");
            return PlotOutcome.Failed;
        }
    }
}
