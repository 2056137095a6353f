using System.Globalization;
using System.Text.Json.Nodes;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Recovery;

namespace ConicDsl.Compiler.Architectures.VectorOutput;

/// <summary>Report lines every vector-output network gets: the output order and encoding, and the training accuracy
/// (class = largest output) when the targets are classes.</summary>
public static class VectorOutputFacts
{
    public static IEnumerable<ReportFact> For(Dataset data, ITrainedNetwork network, bool classes)
    {
        if (data.OutputTargets is not { } targets) yield break;
        yield return new ReportFact("outputs", new JsonArray(targets.Names.Select(s => (JsonNode)s).ToArray()),
            $"{targets.Count}: {targets.Encoding}");
        if (!targets.OneHot && !classes) yield break;
        double accuracy = ArgmaxAccuracy(data, network.Predict(data));
        yield return new ReportFact("accuracy", accuracy,
            $"training accuracy {Number(accuracy)} (predicted class: the output with the largest value)");
    }

    /// <summary>Share of samples whose largest output is the output whose target is largest (its class).</summary>
    private static double ArgmaxAccuracy(Dataset data, double[] predictions)
    {
        int c = data.Outputs, n = data.Samples, right = 0;
        for (int k = 0; k < n; k++)
        {
            int predicted = 0, actual = 0;
            for (int o = 1; o < c; o++)
            {
                if (predictions[k * c + o] > predictions[k * c + predicted]) predicted = o;
                if (data.Target(k, o) > data.Target(k, actual)) actual = o;
            }
            if (predicted == actual) right++;
        }
        return (double)right / n;
    }

    public static string Number(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
