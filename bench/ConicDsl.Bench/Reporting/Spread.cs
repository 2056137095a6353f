using System.Globalization;

namespace ConicDsl.Bench.Reporting;

/// <summary>Median, minimum and maximum of one figure over a peer's repeated runs (NaN values, i.e. figures a run
/// did not have, are left out), and its table cell: "median (min–max)".</summary>
public readonly record struct Spread(double Median, double Min, double Max, int Count)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).Order().ToArray();
        if (v.Length == 0) return new Spread(double.NaN, double.NaN, double.NaN, 0);
        double median = v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
        return new Spread(median, v[0], v[^1], v.Length);
    }

    public string Cell(string format) =>
        Count == 0 ? ""
        : Count == 1 || Min == Max ? F(Median, format)
        : $"{F(Median, format)} ({F(Min, format)}–{F(Max, format)})";

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
