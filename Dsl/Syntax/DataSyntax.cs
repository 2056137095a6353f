using System.Collections.Immutable;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary><c>data "PATH" target COLUMN [, COLUMN …] [features C1, C2, …] [standardize]</c>. Columns are words or
/// quoted strings. <see cref="MoreTargets"/>: the target columns after the first (one per output of a vector-output
/// network; empty for one target).</summary>
public sealed record DataSyntax(
    IdentifierSyntax Keyword,
    StringLiteralSyntax Path,
    LiteralSyntax Target,
    ImmutableArray<LiteralSyntax> Features,
    IdentifierSyntax? Standardize,
    SourceSpan Span,
    ImmutableArray<LiteralSyntax> MoreTargets = default) : StatementSyntax(Keyword, Span);
