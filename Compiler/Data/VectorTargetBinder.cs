using System.Collections.Immutable;
using System.Globalization;
using ConicDsl.Dsl.Diagnostics;
using ConicDsl.Dsl.Semantics;

namespace ConicDsl.Compiler.Data;

/// <summary>
/// The n × C target matrix of a vector-output network (math.md §7) from the parsed target cells: C target columns
/// taken as they are, or one class-label column with exactly C distinct values, one-hot encoded with the labels
/// sorted ascending (output k is the k-th smallest label, the order the hinge loss's ±1 mapping uses). The hinge loss
/// is one-vs-all: +1 for the sample's class (or a column's larger value), −1 otherwise.
/// </summary>
internal static class VectorTargetBinder
{
    /// <param name="cells">The target cells, row-major: n rows of as many values as the data statement names targets.</param>
    public static (double[]? Targets, OutputTargets? Outputs) Bind(Model model, double[] cells, DiagnosticBag bag)
    {
        var columns = model.Data.TargetColumns;
        int c = model.Network.Outputs;
        bool hinge = model.Loss.Kind == LossKind.Hinge;
        return columns.Length == 1 ? OneHot(columns[0], c, cells, hinge, bag) : Columns(columns, cells, hinge, bag);
    }

    private static (double[]?, OutputTargets?) OneHot(ColumnRef column, int c, double[] labels, bool hinge, DiagnosticBag bag)
    {
        var classes = labels.Distinct().OrderBy(v => v).ToArray();
        if (classes.Length != c)
        {
            bag.Add(Diagnostic.Error(DiagnosticIds.ClassCountMismatch, column.Span,
                $"the network has {c} outputs but the class-label column '{column.Name}' has {classes.Length} distinct values" +
                (classes.Length <= 8 ? $" ({string.Join(", ", classes.Select(Text))})" : ""),
                $"use 'output {classes.Length}', or name {c} target columns: target a, b, …"));
            return (null, null);
        }
        double off = hinge ? -1 : 0;
        var y = new double[labels.Length * c];
        for (int k = 0; k < labels.Length; k++)
            for (int j = 0; j < c; j++) y[k * c + j] = labels[k] == classes[j] ? 1 : off;
        var names = classes.Select(v => $"{column.Name}={Text(v)}").ToImmutableArray();
        var encoding = $"one-hot of '{column.Name}' ({Text(off)} / 1), outputs in ascending label order: {string.Join(", ", classes.Select(Text))}";
        return (y, new OutputTargets(names, classes.ToImmutableArray(), encoding));
    }

    private static (double[]?, OutputTargets?) Columns(ImmutableArray<ColumnRef> columns, double[] cells, bool hinge, DiagnosticBag bag)
    {
        int c = columns.Length, n = cells.Length / c;
        var y = (double[])cells.Clone();
        if (hinge)
        {
            for (int j = 0; j < c; j++)
            {
                var values = Enumerable.Range(0, n).Select(k => cells[k * c + j]).Distinct().OrderBy(v => v).ToArray();
                if (values.Length != 2)
                {
                    bag.Add(Diagnostic.Error(DiagnosticIds.TargetNotBinary, columns[j].Span,
                        $"the hinge loss needs each target column to have exactly two distinct values; '{columns[j].Name}' has {values.Length}",
                        "use labels such as -1/1 or 0/1 in every target column, or 'loss squared'"));
                    continue;
                }
                for (int k = 0; k < n; k++) y[k * c + j] = cells[k * c + j] == values[1] ? 1 : -1;
            }
            if (bag.HasErrors) return (null, null);
        }
        var names = columns.Select(col => col.Name).ToImmutableArray();
        var encoding = hinge ? "one column per output, each column's smaller value -> -1, larger -> +1" : "one column per output";
        return (y, new OutputTargets(names, ImmutableArray<double>.Empty, encoding));
    }

    private static string Text(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
