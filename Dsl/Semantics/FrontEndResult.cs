using System.Collections.Immutable;
using ConicDsl.Dsl.Diagnostics;

namespace ConicDsl.Dsl.Semantics;

/// <summary>What loading a model file gives: the checked model, present only when there are no errors,
/// and every diagnostic sorted by position.</summary>
public sealed record FrontEndResult(Model? Model, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
