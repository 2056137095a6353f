namespace ConicDsl.Dsl.Semantics;

/// <summary>What kind of value a solver option takes; the checker validates values against it.</summary>
public enum OptionKind
{
    /// <summary>A number greater than 0, e.g. a tolerance.</summary>
    PositiveNumber,
    /// <summary>A whole number ≥ 0.</summary>
    NonNegativeInteger,
    /// <summary>A whole number ≥ 1, e.g. an iteration limit.</summary>
    PositiveInteger,
    /// <summary>A word or quoted string; restricted to <see cref="OptionInfo.Words"/> when that is given.</summary>
    Word,
    /// <summary>0 or 1.</summary>
    Flag01,
}
