using System.Globalization;
using ConicDsl.Bench;
using ConicDsl.Bench.Measurement;
using ConicDsl.Bench.Peers;
using ConicDsl.LinearAlgebra;

// Modes: the orchestrator (default), "adam …" (one Adam start, run as a child), "linalg [N]" (providers compared),
// "enumerate [--out DIR] [--no-z3]" (exact region enumeration, certified LPs against Z3).
try
{
    if (args.Length > 0 && args[0] == "adam")
        return AdamPeer.RunChild(args, () => new AdamTrainer(DenseLinearAlgebra.Current));
    if (args.Length > 0 && args[0] == "linalg")
        return LinearAlgebraReport.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000, args.Length > 2 ? args[2] : "bench/results");
    if (args.Length > 0 && args[0] == "enumerate")
        return EnumerationReport.Run(args);
    return Orchestrator.Run(BenchOptions.Parse(args));
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 2;
}
