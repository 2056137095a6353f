using System.Globalization;
using System.Text;

namespace ConicDsl.Bench.Instances;

/// <summary>The bench's one data layout: header x0…x(d−1),y and round-trip ("R") numbers.</summary>
public static class DataCsv
{
    public static void Write(string path, double[,] x, double[] y)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.WriteLine(string.Join(",", Enumerable.Range(0, d).Select(j => $"x{j}").Append("y")));
        var line = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            line.Clear();
            for (int j = 0; j < d; j++) line.Append(x[i, j].ToString("R", CultureInfo.InvariantCulture)).Append(',');
            line.Append(y[i].ToString("R", CultureInfo.InvariantCulture));
            w.WriteLine(line);
        }
    }

    /// <summary>Reads the layout written by <see cref="Write"/>: features row-major, then the last column.</summary>
    public static (double[,] X, double[] Y) Read(string path)
    {
        var lines = File.ReadLines(path).Skip(1).Where(l => l.Length > 0).ToList();
        int d = lines[0].Split(',').Length - 1;
        var x = new double[lines.Count, d];
        var y = new double[lines.Count];
        for (int i = 0; i < lines.Count; i++)
        {
            var cells = lines[i].Split(',');
            for (int j = 0; j < d; j++) x[i, j] = double.Parse(cells[j], CultureInfo.InvariantCulture);
            y[i] = double.Parse(cells[d], CultureInfo.InvariantCulture);
        }
        return (x, y);
    }
}
