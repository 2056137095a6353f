namespace ConicDsl.Dsl.Parsing;

/// <summary>
/// The reserved words of the language, as the parser uses them. Tests compare this list with the
/// terminals of <c>grammar/cnn.ebnf</c>, so the grammar file cannot silently drift from the parser.
/// Names that are checked semantically (losses, regularizers, backends, options) are not keywords.
/// Keywords are not reserved elsewhere: a column may still be called <c>max</c> or <c>signal</c>.
/// </summary>
public static class CnnKeywords
{
    public const string Model = "model";

    public static IReadOnlyList<string> Statements { get; } =
        ["data", "network", "loss", "regularize", "arrangements", "solve"];

    public static IReadOnlyList<string> Layers { get; } = ["input", "relu", "gated_relu", "quadratic", "output", "conv", "pool", "dense"];

    /// <summary>Lines of a network block that are not layers.</summary>
    public static IReadOnlyList<string> NetworkStatements { get; } = ["relaxation"];

    /// <summary>Every word that may start a line of a network block.</summary>
    public static IReadOnlyList<string> NetworkItems { get; } = [.. Layers, .. NetworkStatements];

    /// <summary>Words that may only follow a statement or layer keyword.</summary>
    public static IReadOnlyList<string> Clauses { get; } =
    [
        "target", "features", "delta", "standardize", "bias", "unregularized", "exact", "limit", "sample", "seed",
        "signal", "image", "channels", "circular", "local", "filters", "size", "stride", "unit_norm",
        "sum", "mean", "max", "coefficients", "tight",
        "path", "steps",
    ];

    public static IReadOnlyList<string> All { get; } =
        [Model, .. Statements, .. Layers, .. NetworkStatements, .. Clauses];
}
