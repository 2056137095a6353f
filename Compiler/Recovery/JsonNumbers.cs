using System.Text.Json.Nodes;

namespace ConicDsl.Compiler.Recovery;

/// <summary>Arrays of numbers for network.json.</summary>
public static class JsonNumbers
{
    public static JsonArray Of(IEnumerable<double> values) => new(values.Select(v => (JsonNode)v).ToArray());

    /// <summary>A matrix as an array of rows.</summary>
    public static JsonArray Of(double[,] m) =>
        new(Enumerable.Range(0, m.GetLength(0))
            .Select(r => (JsonNode)Of(Enumerable.Range(0, m.GetLength(1)).Select(c => m[r, c]))).ToArray());
}
