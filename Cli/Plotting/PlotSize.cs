using System.Globalization;

namespace ConicDsl.Cli.Plotting;

/// <summary>An image size in pixels, written WIDTHxHEIGHT on the command line (<c>--plot-size 800x600</c>).</summary>
public readonly record struct PlotSize(int Width, int Height)
{
    public static PlotSize Default { get; } = new(800, 600);

    /// <summary>Bounds that keep a typo (800x60000) from allocating gigabytes.</summary>
    public const int Smallest = 100, Largest = 8000;

    public static PlotSize? Parse(string text)
    {
        var parts = text.Split('x', 'X');
        if (parts.Length != 2) return null;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int w)) return null;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int h)) return null;
        if (w < Smallest || h < Smallest || w > Largest || h > Largest) return null;
        return new PlotSize(w, h);
    }

    public override string ToString() => $"{Width}x{Height}";
}
