using ConicDsl.Compiler.Architectures.Sizing;
using ConicDsl.Dsl.Diagnostics;

namespace ConicDsl.Compiler.Pipeline;

/// <summary>What a caller of <see cref="ModelCompiler.Compile"/> may watch or veto while the model compiles.</summary>
public sealed record CompileOptions
{
    /// <summary>Regions found so far by an exact enumeration (<see cref="Patterns.CertifiedArrangementEnumerator.Progress"/>'s
    /// contract: every 1024 regions and once at the end).</summary>
    public Action<long>? EnumerationProgress { get; init; }

    /// <summary>Told the number of patterns when lowering starts, so a progress display moves on from the
    /// enumeration's last count to the program being built.</summary>
    public Action<int>? LoweringStarted { get; init; }

    /// <summary>
    /// Asked twice, when the architecture can estimate its program (<see cref="Architectures.IArchitecture.EstimateSize"/>):
    /// before pattern enumeration, with the requested or bounded pattern count, and before lowering, with the patterns
    /// found. A diagnostic stops the compile there, before the memory is spent.
    /// </summary>
    public Func<SizeEstimate, Diagnostic?>? SizeCheck { get; init; }
}
