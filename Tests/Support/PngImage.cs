using System.Buffers.Binary;
using SkiaSharp;

namespace ConicDsl.Tests.Support;

/// <summary>What a test can check of a PNG file without trusting the code that drew it: the header read byte by byte
/// (PNG specification: 8-byte signature, then the IHDR chunk with width and height as big-endian integers), and the
/// colours of the decoded pixels.</summary>
public static class PngImage
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static (int Width, int Height) Header(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes.Length, Is.GreaterThan(33), "too short for a PNG header");
        Assert.That(bytes[..8], Is.EqualTo(Signature), "PNG signature");
        Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 12, 4), Is.EqualTo("IHDR"), "first chunk");
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }

    /// <summary>How many distinct colours the decoded image has (a blank image has one).</summary>
    public static int DistinctColours(string path)
    {
        using var bitmap = SKBitmap.Decode(path);
        Assert.That(bitmap, Is.Not.Null, "the file does not decode as an image");
        return bitmap.Pixels.Select(p => (uint)p).Distinct().Count();
    }

    /// <summary>The fraction of pixels whose colour is close to <paramref name="colour"/> (per channel within
    /// <paramref name="tolerance"/>).</summary>
    public static double Fraction(string path, SKColor colour, int tolerance)
    {
        using var bitmap = SKBitmap.Decode(path);
        var pixels = bitmap.Pixels;
        int near = pixels.Count(p => Math.Abs(p.Red - colour.Red) <= tolerance && Math.Abs(p.Green - colour.Green) <= tolerance &&
                                     Math.Abs(p.Blue - colour.Blue) <= tolerance);
        return (double)near / pixels.Length;
    }
}
