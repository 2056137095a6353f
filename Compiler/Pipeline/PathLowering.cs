using System.Diagnostics;
using ConicDsl.Compiler.Architectures;

namespace ConicDsl.Compiler.Pipeline;

/// <summary>
/// One point of a regularization path: the model at another β, over the same bound data and the same patterns (the
/// expensive stage, computed once for the whole path). Only the program is lowered again: β enters it through the
/// objective's group-norm coefficients alone, and rebuilding it is cheap beside the solve (docs/cli.md gives times).
/// </summary>
public static class PathLowering
{
    public static CompiledModel At(CompiledModel compiled, double beta)
    {
        var model = compiled.Model with { Regularizer = compiled.Model.Regularizer with { Beta = beta } };
        var architecture = ArchitectureRegistry.Find(model.Network.Architecture)
                           ?? throw new InvalidOperationException("a compiled model's architecture is registered");
        var clock = Stopwatch.StartNew();
        var lowered = architecture.Lower(model, compiled.Data, compiled.Patterns);
        return compiled with { Model = model, StandardForm = lowered, LowerTime = clock.Elapsed };
    }
}
