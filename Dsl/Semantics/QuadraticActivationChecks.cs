using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Syntax;

namespace ConicDsl.Dsl.Semantics;

/// <summary>
/// The checks of a <c>quadratic M [coefficients A B C]</c> layer (math.md §8): a positive whole width, finite
/// coefficients, and A ≠ 0. The SDP would still be exact for A = 0, but σ(t) = B·t + C makes every neuron affine and the
/// network a linear model with an ℓ1 penalty: refused rather than run under a name that says otherwise.
/// </summary>
internal static class QuadraticActivationChecks
{
    private const string Example = "write e.g. quadratic 8 coefficients 1 0.5 0.2 (σ(t) = t² + 0.5·t + 0.2)";

    public static QuadraticLayerSpec? Check(QuadraticLayerSyntax layer, DiagnosticBag diagnostics)
    {
        var width = CountChecks.Positive(layer.Width, "the width of a 'quadratic' layer", int.MaxValue, diagnostics);
        if (layer.Coefficients.IsEmpty)
        {
            return width is null ? null : new QuadraticLayerSpec((int)width.Value,
                QuadraticLayerSpec.DefaultA, QuadraticLayerSpec.DefaultB, QuadraticLayerSpec.DefaultC, layer.Span);
        }

        var ok = width is not null;
        foreach (var c in layer.Coefficients.Where(c => !double.IsFinite(c.Value)))
        {
            ok = false;
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.BadActivationCoefficients, c.Span,
                $"the activation coefficient '{c.Text}' is not a finite number", Example));
        }

        var a = layer.Coefficients[0];
        if (a.Value == 0)
        {
            ok = false;
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.BadActivationCoefficients, a.Span,
                "the t² coefficient a is 0: σ(t) = b·t + c makes the network a linear model, not a quadratic one",
                "give a nonzero a, e.g. coefficients 1 0.5 0.2; the default without 'coefficients' is σ(t) = t²"));
        }

        return ok
            ? new QuadraticLayerSpec((int)width!.Value, a.Value, layer.Coefficients[1].Value, layer.Coefficients[2].Value, layer.Span)
            : null;
    }
}
