using System.Collections.Immutable;
using ConicDsl.Compiler.Architectures.Sizing;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Lowerings;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Architectures;

/// <summary>
/// One network family the compiler can lower (math.md §1's plug-in): where its patterns come from, its convex
/// program, and the map back to weights. A new architecture is one class implementing this plus a line in
/// <see cref="ArchitectureRegistry"/>.
/// </summary>
public interface IArchitecture
{
    /// <summary>Wire name (reports, network.json).</summary>
    string Name { get; }

    /// <summary>Whether this plug-in lowers the resolved <paramref name="spec"/>.</summary>
    bool Handles(ArchitectureSpec spec);

    /// <summary>The activation patterns (cones) the program is built over, as the model's <c>arrangements</c>
    /// statement asks; diagnostics (never exceptions) when the request cannot be met.</summary>
    /// <param name="regions">Told the number of regions found so far by an exact enumeration, in the contract of
    /// <see cref="CertifiedArrangementEnumerator.Progress"/>; plug-ins whose enumeration has no single count may ignore it.</param>
    (PatternSet? Patterns, ImmutableArray<Diagnostic> Diagnostics) BuildPatterns(
        Model model, Dataset data, CancellationToken cancellation, Action<long>? regions = null);

    LoweredProgram Lower(Model model, Dataset data, PatternSet patterns);

    /// <summary>The program's size before it is built (<see cref="SizeEstimate"/>): for the patterns the model asks for
    /// when <paramref name="patterns"/> is null (before enumeration), for those patterns otherwise. Null when this
    /// plug-in has no estimate; the size guard then checks only the built program.</summary>
    SizeEstimate? EstimateSize(Model model, Dataset data, PatternSet? patterns) => null;
}
