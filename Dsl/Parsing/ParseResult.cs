using System.Collections.Immutable;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Syntax;

namespace ConicDsl.Dsl.Parsing;

/// <summary>The tree (null only when the file holds no model block at all) and the syntax diagnostics.</summary>
public sealed record ParseResult(ModelSyntax? Syntax, ImmutableArray<Diagnostic> Diagnostics);
