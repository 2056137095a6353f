using System.Globalization;
using ConicDsl.Bench;
using ConicDsl.Bench.Instances;
using ConicDsl.Bench.Measurement;
using ConicDsl.Bench.Peers;
using ConicDsl.LinearAlgebra;

// Modes: the orchestrator (default), "adam …" (one Adam start, run as a child), "selftest" (the medians, repeats rule,
// certified gaps and target verdicts checked on hand-written reports), "linalg [N]" (providers compared), "scaling [OUT]" (cost of one iteration over
// n, d, P), "enumerate [--out DIR] [--no-z3]" (exact region enumeration, certified LPs against Z3), "instance NAME DIR"
// (writes an instance's data and model files, to reproduce a reference optimum outside the orchestrator).
try
{
    if (args.Length > 0 && args[0] == "adam")
        return AdamPeer.RunChild(args[1..], () => new AdamTrainer(DenseLinearAlgebra.Current));
    if (args.Length == 1 && args[0] == "selftest")
        return SelfTest.Run();
    if (args.Length > 0 && args[0] == "scaling")
        return ScalingReport.Run(args.Length > 1 ? args[1] : "bench/results", args.Length > 2 ? args[2] : "docs/images/first-order-scaling.png");
    if (args.Length > 0 && args[0] == "linalg")
        return LinearAlgebraReport.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000, args.Length > 2 ? args[2] : "bench/results");
    if (args.Length == 3 && args[0] == "instance")
        return InstanceFiles.Write(args[1], args[2]);
    if (args.Length > 0 && args[0] == "enumerate")
        return EnumerationReport.Run(args);
    return Orchestrator.Run(BenchOptions.Parse(args));
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 2;
}
