using ConicDsl.Compiler.Architectures;
using ConicDsl.Compiler.Architectures.Sizing;
using ConicDsl.Compiler.Data;
using ConicDsl.Compiler.Patterns;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Pipeline;

/// <summary>
/// A model up to its patterns, before any lowering: what the standard-form lowering and the structured (first-order)
/// lowering share. The route is chosen from here, so that only the program that is solved gets built (at n = 100 000
/// and 500 patterns the standard form has 10⁸ rows, while the first-order route holds the masks and X̃).
/// </summary>
/// <param name="Estimate">The plug-in's size estimate for these patterns (exact counts of the standard form that would
/// be built), or null when the plug-in has no estimator.</param>
public sealed record PreparedModel(
    Model Model, IArchitecture Architecture, Dataset Data, PatternSet Patterns, SizeEstimate? Estimate,
    TimeSpan BindTime, TimeSpan PatternTime);
