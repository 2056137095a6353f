namespace ConicDsl.Dsl.Parsing;

/// <summary>
/// The reserved words of language version 1, as the parser uses them. Tests compare this list with the
/// terminals of <c>grammar/cnn.ebnf</c>, so the grammar file cannot silently drift from the parser.
/// Names that are checked semantically (losses, regularizers, backends, options) are not keywords.
/// </summary>
public static class CnnKeywords
{
    public const string Model = "model";

    public static IReadOnlyList<string> Statements { get; } =
        ["data", "network", "loss", "regularize", "arrangements", "solve"];

    public static IReadOnlyList<string> Layers { get; } = ["input", "relu", "output"];

    /// <summary>Words that may only follow a statement or layer keyword.</summary>
    public static IReadOnlyList<string> Clauses { get; } =
        ["target", "features", "standardize", "bias", "unregularized", "exact", "limit", "sample", "seed"];

    public static IReadOnlyList<string> All { get; } =
        [Model, .. Statements, .. Layers, .. Clauses];
}
