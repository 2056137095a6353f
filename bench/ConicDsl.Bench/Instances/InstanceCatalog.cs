using System.Globalization;

namespace ConicDsl.Bench.Instances;

/// <summary>
/// The fixed instances of issue 5. Synthetic ones: x ~ N(0, I_d), y from a planted two-layer ReLU teacher of 5
/// units plus N(0, 0.1²) noise, all from one seeded generator, so every run rebuilds identical files. The real one
/// is Fisher's iris data (Examples/iris.csv; Fisher 1936 / UCI, public domain): petal width regressed on the other
/// three measurements, each column standardized here so that no peer depends on the compiler's preprocessing.
/// </summary>
public static class InstanceCatalog
{
    public const double Beta = 0.1;
    public const int Seed = 1;

    public static readonly string[] Names = ["small", "medium", "large", "iris"];

    public static Instance Create(string name, string root, string repository) => name switch
    {
        "small" => Synthetic(name, root, n: 200, d: 10, patterns: 50),
        "medium" => Synthetic(name, root, n: 5000, d: 30, patterns: 300),
        "large" => Synthetic(name, root, n: 100_000, d: 50, patterns: 500),
        "iris" => Iris(root, repository),
        _ => throw new ArgumentException($"unknown instance '{name}'; known: {string.Join(", ", Names)}"),
    };

    private static Instance Synthetic(string name, string root, int n, int d, int patterns)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        var rng = new Random(Seed * 7919 + n);
        var x = new double[n, d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) x[i, j] = Gaussian(rng);
        const int teacher = 5;
        var w = new double[teacher, d + 1];
        var a = new double[teacher];
        for (int t = 0; t < teacher; t++)
        {
            for (int j = 0; j <= d; j++) w[t, j] = Gaussian(rng) / Math.Sqrt(d);
            a[t] = Gaussian(rng);
        }
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int t = 0; t < teacher; t++)
            {
                double z = w[t, d];
                for (int j = 0; j < d; j++) z += w[t, j] * x[i, j];
                s += a[t] * Math.Max(0, z);
            }
            y[i] = s + 0.1 * Gaussian(rng);
        }
        DataCsv.Write(Path.Combine(dir, "data.csv"), x, y);
        return new Instance(name, dir, n, d, patterns, Width: patterns, Beta, Seed, "synthetic: planted 5-unit ReLU teacher, seed " + Seed);
    }

    private static Instance Iris(string root, string repository)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, "iris")).FullName;
        var rows = File.ReadLines(Path.Combine(repository, "Examples", "iris.csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Take(4).Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray()).ToList();
        var columns = Enumerable.Range(0, 4).Select(j => Standardize(rows.Select(r => r[j]).ToArray())).ToArray();
        var x = new double[rows.Count, 3];
        var y = new double[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            for (int j = 0; j < 3; j++) x[i, j] = columns[j][i];
            y[i] = columns[3][i];
        }
        DataCsv.Write(Path.Combine(dir, "data.csv"), x, y);
        return new Instance("iris", dir, rows.Count, 3, Patterns: 50, Width: 50, Beta, Seed,
            "Examples/iris.csv (Fisher's iris, public domain): petal_width ~ sepal_length, sepal_width, petal_length, standardized");
    }

    private static double[] Standardize(double[] v)
    {
        double mean = v.Average();
        double sd = Math.Sqrt(v.Sum(t => (t - mean) * (t - mean)) / (v.Length - 1));
        return v.Select(t => (t - mean) / sd).ToArray();
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
