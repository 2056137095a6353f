using System.Collections.Immutable;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Syntax;

namespace ConicDsl.Dsl.Semantics;

/// <summary>The <c>input</c> line → <see cref="InputSpec"/>: shape numbers are positive whole numbers, and
/// <c>bias</c> belongs to plain vector inputs only.</summary>
internal static class InputChecker
{
    /// <summary>The input's shape, or null when its numbers are invalid. A refused <c>bias</c> still gives the shape
    /// (so the layers can be judged against it) but clears <paramref name="ok"/>.</summary>
    public static InputSpec? Check(InputLayerSyntax input, DiagnosticBag diagnostics, out bool ok)
    {
        ok = true;
        var bias = input.Bias is null ? BiasMode.None
            : input.Unregularized is null ? BiasMode.Regularized
            : BiasMode.Unregularized;
        if (input.Shape is not { } shape) return InputSpec.Vector(bias, input.Span);

        if (input.Bias is not null)
        {
            ok = SupportedNetworks.Refuse(input.Bias,
                $"'bias' is only allowed on a plain vector input ('input bias'), not on 'input {shape.Keyword.Text}'",
                $"remove '{(input.Unregularized is null ? "bias" : "bias unregularized")}': signal and image inputs take no bias",
                diagnostics);
        }

        string[] names = shape.IsImage ? ["the image's height", "the image's width"] : ["the signal's length"];
        var valid = true;
        var dimensions = ImmutableArray.CreateBuilder<int>();
        for (var k = 0; k < shape.Dimensions.Length; k++)
        {
            var value = CountChecks.Positive(shape.Dimensions[k], names[k], int.MaxValue, diagnostics);
            if (value is null) valid = false;
            else dimensions.Add((int)value.Value);
        }

        var channels = 1;
        if (shape.Channels is not null)
        {
            var value = CountChecks.Positive(shape.Channels, "the number of channels", int.MaxValue, diagnostics);
            if (value is null) valid = false;
            else channels = (int)value.Value;
        }

        if (!valid) return null;

        // InputSpec counts positions and feature columns in an int; the data stage compares them (CNN1207).
        if (dimensions.Aggregate(1.0, (a, b) => a * b) * channels > int.MaxValue)
        {
            SupportedNetworks.Refuse(shape, $"the input has more than {int.MaxValue} values per sample",
                "use a smaller signal or image, or fewer channels", diagnostics);
            return null;
        }

        var kind = shape.IsImage ? InputShape.Image : InputShape.Signal;
        return new InputSpec(kind, dimensions.ToImmutable(), channels, BiasMode.None, input.Span);
    }
}
