using System.Collections.Immutable;
using ConicDsl.Dsl.Text;

namespace ConicDsl.Dsl.Syntax;

/// <summary><c>data "PATH" target COLUMN [features C1, C2, …] [standardize]</c>. Columns are words or
/// quoted strings.</summary>
public sealed record DataSyntax(
    IdentifierSyntax Keyword,
    StringLiteralSyntax Path,
    LiteralSyntax Target,
    ImmutableArray<LiteralSyntax> Features,
    IdentifierSyntax? Standardize,
    SourceSpan Span) : StatementSyntax(Keyword, Span);
