namespace ConicDsl.Dsl.Semantics;

/// <summary>One option a backend accepts in the <c>solve</c> statement.</summary>
/// <param name="Words">For <see cref="OptionKind.Word"/>: the allowed words, or null for any word.</param>
public sealed record OptionInfo(string Name, OptionKind Kind, string Help, IReadOnlyList<string>? Words = null);
