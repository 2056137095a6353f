using System.Globalization;
using System.Text;
using ConicDsl.Bench.Measurement;
using ConicDsl.Compiler.IO;
using ConicDsl.LinearAlgebra;

namespace ConicDsl.Bench;

/// <summary>The <c>linalg</c> mode: managed against OpenBLAS on one n×n matrix, written to linalg.md.</summary>
public static class LinearAlgebraReport
{
    public static int Run(int n, string outDir)
    {
        var providers = new List<IDenseLinearAlgebra> { ManagedLinearAlgebra.Instance };
        var native = OpenBlasLinearAlgebra.TryLoad(DenseLinearAlgebra.OpenBlasLibrary, out var reason);
        if (native is not null) providers.Add(native);
        else Console.Error.WriteLine($"linalg: OpenBLAS unavailable: {reason}");
        var sb = new StringBuilder($"# Dense linear algebra, {n}×{n}, {Environment.ProcessorCount} cores\n\n| provider | operation | seconds |\n|---|---|---|\n");
        foreach (var t in LinearAlgebraComparison.Run(providers, n))
        {
            var line = $"| {t.Provider} | {t.Operation} | {t.Seconds.ToString("F3", CultureInfo.InvariantCulture)} |";
            Console.WriteLine(line);
            sb.Append(line).Append('\n');
        }
        Directory.CreateDirectory(outDir);
        AtomicFile.WriteAllText(Path.Combine(outDir, "linalg.md"), sb.ToString());
        return 0;
    }
}
