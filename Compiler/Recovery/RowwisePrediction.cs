using ConicDsl.Compiler.Data;

namespace ConicDsl.Compiler.Recovery;

/// <summary>A network's output on one feature row.</summary>
public delegate double RowFunction(ReadOnlySpan<double> features);

/// <summary>
/// Runs a scalar-output network over every sample of a dataset, one row at a time, as the forward pass the recovered
/// objective is computed from (never from the convex program's predictions).
/// </summary>
public static class RowwisePrediction
{
    public static double[] Of(Dataset data, RowFunction network)
    {
        var row = new double[data.Features];
        var f = new double[data.Samples];
        for (int k = 0; k < data.Samples; k++)
        {
            for (int j = 0; j < row.Length; j++) row[j] = data.Feature(k, j);
            f[k] = network(row);
        }
        return f;
    }
}
