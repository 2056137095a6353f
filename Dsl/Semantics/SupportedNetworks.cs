using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Syntax;

namespace ConicDsl.Dsl.Semantics;

/// <summary>
/// The network shapes the language can lower, worded for hints, and the one way a network is refused: a
/// located CNN1110 error whose hint names the shapes that are supported.
/// </summary>
internal static class SupportedNetworks
{
    public const string FullyConnected =
        "for a vector input the network is 'input [bias [unregularized]]' first, one 'relu M' hidden layer (or 'gated_relu M', or 'quadratic M'), and " +
        "'output 1' last; convolutional networks start with 'input signal LENGTH' or 'input image HEIGHT WIDTH'";

    public const string TwoLayerCnn = "conv filters M size K [stride S] relu; pool sum|mean|max; output 1";
    public const string CircularCnn = "conv circular filters M size FULL unit_norm; dense relu; output 1";
    public const string LinearCircularCnn = "conv circular filters M size FULL; output 1";
    public const string ThreeLayerCnn = "conv [local] filters M size K [stride S] unit_norm relu; dense relu; output 1";

    /// <summary>Every shape that may follow <c>input signal …</c> or <c>input image …</c>.</summary>
    public const string Convolutional =
        "after 'input signal …' or 'input image …' the supported networks are: '" + TwoLayerCnn + "' (two-layer CNN); '" +
        CircularCnn + "' (circular CNN; more circular layers need 'relaxation'); '" + LinearCircularCnn +
        "' (linear circular CNN); '" + ThreeLayerCnn + "' (three-layer CNN); FULL is the whole input (L, or H W)";

    public static bool Refuse(SyntaxNode at, string message, string hint, DiagnosticBag diagnostics)
    {
        diagnostics.Add(Diagnostic.Error(DiagnosticIds.UnsupportedNetwork, at.Span, message, hint));
        return false;
    }
}
