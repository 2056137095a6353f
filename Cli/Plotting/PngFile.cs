using ConicDsl.Compiler.IO;
using ScottPlot;

namespace ConicDsl.Cli.Plotting;

/// <summary>Renders a plot to PNG bytes and writes them atomically, so a reader never sees half an image.</summary>
public static class PngFile
{
    public static void Save(Plot plot, string path, PlotSize size)
    {
        var bytes = plot.GetImageBytes(size.Width, size.Height, ImageFormat.Png);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
