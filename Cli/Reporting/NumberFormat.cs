using System.Globalization;

namespace ConicDsl.Cli.Reporting;

internal static class NumberFormat
{
    /// <summary>Enough digits to compare objectives to 1e-9 relative.</summary>
    public static string Objective(double v) => double.IsFinite(v) ? v.ToString("G12", CultureInfo.InvariantCulture) : "n/a";

    public static string Small(double v) => double.IsFinite(v) ? v.ToString("0.0e+00", CultureInfo.InvariantCulture) : "n/a";

    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

    public static string Plain(double v) => double.IsFinite(v) ? v.ToString("G6", CultureInfo.InvariantCulture) : "n/a";
}
