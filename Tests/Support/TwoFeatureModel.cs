using System.Globalization;
using System.Text;

namespace ConicDsl.Tests.Support;

/// <summary>
/// A seeded two-feature regression (columns a, b uniform on [−spread, spread], target y = f(a, b)) and a model file over
/// it: one bias input, a hidden layer, squared loss, weight decay, sampled patterns and a solve statement. The CLI
/// tests of the solver routes differ only in these knobs.
/// </summary>
public static class TwoFeatureModel
{
    public static string Write(TempDir dir, string modelFile, string dataFile, int samples, int seed, Func<double, double, double> target,
        string layer, double beta, string arrangements, string solve, double spread = 1)
    {
        var rng = new Random(seed);
        var csv = new StringBuilder("a,b,y\n");
        for (int s = 0; s < samples; s++)
        {
            double a = spread * (2 * rng.NextDouble() - 1), b = spread * (2 * rng.NextDouble() - 1);
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{a:R},{b:R},{target(a, b):R}"));
        }
        dir.Write(dataFile, csv.ToString());
        return dir.Write(modelFile, string.Create(CultureInfo.InvariantCulture, $$"""
            model m {
              data "{{dataFile}}" target y
              network {
                input bias
                {{layer}}
                output 1
              }
              loss squared
              regularize weight_decay {{beta}}
              arrangements {{arrangements}}
              {{solve}}
            }
            """));
    }
}
