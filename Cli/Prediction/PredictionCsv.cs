using System.Globalization;
using System.Text;
using ConicDsl.Compiler.Prediction;

namespace ConicDsl.Cli.Prediction;

/// <summary>
/// The predictions as CSV, one row per input row in the same order: <c>prediction</c> (f(x), on the target's scale)
/// and, for a binary classifier, <c>predicted_label</c> (the positive label when f(x) ≥ 0, the rule of network.json's
/// label_mapping); with C outputs, <c>prediction_NAME</c> per output and, for one-hot classes, <c>predicted_class</c>
/// (the class of the largest output, the first on ties).
/// </summary>
public static class PredictionCsv
{
    public static string Write(SavedNetwork network, double[] f, int rows)
    {
        var inv = CultureInfo.InvariantCulture;
        int c = network.Outputs;
        var text = new StringBuilder();
        var header = c == 1 ? new List<string> { "prediction" } : network.OutputNames.Select(n => $"prediction_{n}").ToList();
        if (c == 1 && network.Labels is not null) header.Add("predicted_label");
        if (c > 1 && !network.Classes.IsDefaultOrEmpty) header.Add("predicted_class");
        text.AppendLine(string.Join(",", header));
        for (int k = 0; k < rows; k++)
        {
            var cells = Enumerable.Range(0, c).Select(o => f[k * c + o].ToString("R", inv)).ToList();
            if (c == 1 && network.Labels is { } labels)
                cells.Add((f[k] >= 0 ? labels.Positive : labels.Negative).ToString("R", inv));
            if (c > 1 && !network.Classes.IsDefaultOrEmpty)
            {
                int best = 0;
                for (int o = 1; o < c; o++)
                    if (f[k * c + o] > f[k * c + best]) best = o;
                cells.Add(network.Classes[best].ToString("R", inv));
            }
            text.AppendLine(string.Join(",", cells));
        }
        return text.ToString();
    }
}
