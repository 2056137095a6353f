using System.CommandLine;
using ConicDsl.Cli.Prediction;
using ConicDsl.Compiler.IO;
using ConicDsl.Compiler.Prediction;

namespace ConicDsl.Cli.Commands;

/// <summary>
/// <c>conicdsl predict NETWORK.json DATA.csv [-o OUT.csv]</c>: runs a saved network on new rows. The CSV's columns
/// are matched by the feature names the network file records; predictions go to OUT.csv (written atomically) or,
/// without -o, to standard output. Exit 0 on success, 2 for a bad network file or data file.
/// </summary>
public static class PredictCommand
{
    public static Command Create(Func<CliContext> context)
    {
        var network = new Argument<string>("network") { Description = "a network.json written by 'conicdsl solve -o DIR'" };
        var data = new Argument<string>("data") { Description = "a CSV whose header names the network's feature columns" };
        var output = new Option<string?>("--output", "-o") { Description = "write the predictions to this CSV file (default: standard output)" };
        var command = new Command("predict", "run a saved network on the rows of a CSV file and write its predictions") { network, data, output };
        command.SetAction(parse => Run(parse.GetValue(network)!, parse.GetValue(data)!, parse.GetValue(output), context()));
        return command;
    }

    public static int Run(string networkPath, string dataPath, string? output, CliContext context)
    {
        var (network, diagnostics) = SavedNetworkReader.Read(networkPath);
        ModelLoading.Print(diagnostics, context);
        if (network is null) return ExitCodes.BadInput;
        var (data, dataDiagnostics) = PredictionInputs.Read(dataPath, network);
        ModelLoading.Print(dataDiagnostics, context);
        if (data is null) return ExitCodes.BadInput;
        var csv = PredictionCsv.Write(network, network.Network.Predict(data), data.Samples);
        if (output is null)
        {
            context.Out.Write(csv);
            return ExitCodes.Success;
        }
        try
        {
            AtomicFile.WriteAllText(output, csv);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            context.Error.WriteLine($"error: cannot write {output}: {e.Message}");
            return ExitCodes.BadInput;
        }
        context.Error.WriteLine($"wrote {output}: {data.Samples} prediction(s) from a {network.Network.Architecture} network with {network.Network.Units} unit(s)");
        return ExitCodes.Success;
    }
}
