using System.Collections.Immutable;

namespace ConicDsl.Conic;

/// <summary>
/// An immutable sparse matrix in compressed sparse column (CSC) form, the layout SCS, Clarabel and CBF
/// writers expect. Row indices are sorted within each column and duplicates are summed at construction.
/// </summary>
public sealed class SparseMatrix
{
    public int Rows { get; }
    public int Columns { get; }
    public ImmutableArray<int> ColumnPointers { get; }
    public ImmutableArray<int> RowIndices { get; }
    public ImmutableArray<double> Values { get; }

    public int NonZeros => Values.Length;

    private SparseMatrix(int rows, int columns, ImmutableArray<int> colPtr, ImmutableArray<int> rowIdx, ImmutableArray<double> values)
    {
        Rows = rows;
        Columns = columns;
        ColumnPointers = colPtr;
        RowIndices = rowIdx;
        Values = values;
    }

    public static SparseMatrix Empty(int rows, int columns) =>
        new(rows, columns, ImmutableArray.CreateRange(new int[columns + 1]), ImmutableArray<int>.Empty, ImmutableArray<double>.Empty);

    /// <summary>Builds from (row, column, value) triplets; duplicates are summed, exact zeros dropped.</summary>
    public static SparseMatrix FromTriplets(int rows, int columns, IEnumerable<(int Row, int Column, double Value)> triplets)
    {
        var list = triplets.ToList();
        foreach (var (r, c, _) in list)
        {
            if ((uint)r >= (uint)rows || (uint)c >= (uint)columns)
                throw new ArgumentOutOfRangeException(nameof(triplets), $"entry ({r},{c}) outside a {rows}x{columns} matrix");
        }
        list.Sort((a, b) => a.Column != b.Column ? a.Column.CompareTo(b.Column) : a.Row.CompareTo(b.Row));
        var colPtr = new int[columns + 1];
        var rowIdx = new List<int>(list.Count);
        var vals = new List<double>(list.Count);
        int k = 0;
        for (int c = 0; c < columns; c++)
        {
            colPtr[c] = rowIdx.Count;
            while (k < list.Count && list[k].Column == c)
            {
                int r = list[k].Row;
                double v = 0;
                while (k < list.Count && list[k].Column == c && list[k].Row == r) v += list[k++].Value;
                if (v != 0)
                {
                    rowIdx.Add(r);
                    vals.Add(v);
                }
            }
        }
        colPtr[columns] = rowIdx.Count;
        return new SparseMatrix(rows, columns, colPtr.ToImmutableArray(), rowIdx.ToImmutableArray(), vals.ToImmutableArray());
    }

    /// <summary>Builds from raw CSC arrays (validated: monotone pointers, in-range sorted rows).</summary>
    public static SparseMatrix FromCsc(int rows, int columns, int[] colPtr, int[] rowIdx, double[] values)
    {
        if (colPtr.Length != columns + 1 || rowIdx.Length != values.Length || colPtr[columns] != values.Length)
            throw new ArgumentException("inconsistent CSC arrays");
        var triplets = new List<(int, int, double)>(values.Length);
        for (int c = 0; c < columns; c++)
            for (int p = colPtr[c]; p < colPtr[c + 1]; p++) triplets.Add((rowIdx[p], c, values[p]));
        return FromTriplets(rows, columns, triplets);
    }

    public IEnumerable<(int Row, int Column, double Value)> Entries()
    {
        for (int c = 0; c < Columns; c++)
            for (int p = ColumnPointers[c]; p < ColumnPointers[c + 1]; p++)
                yield return (RowIndices[p], c, Values[p]);
    }

    /// <summary>y ← y + alpha·M·x.</summary>
    public void MultiplyAdd(ReadOnlySpan<double> x, Span<double> y, double alpha = 1.0)
    {
        if (x.Length != Columns || y.Length != Rows) throw new ArgumentException("dimension mismatch");
        for (int c = 0; c < Columns; c++)
        {
            double xc = x[c] * alpha;
            if (xc == 0) continue;
            for (int p = ColumnPointers[c]; p < ColumnPointers[c + 1]; p++) y[RowIndices[p]] += Values[p] * xc;
        }
    }

    /// <summary>y ← y + alpha·Mᵀ·x.</summary>
    public void TransposeMultiplyAdd(ReadOnlySpan<double> x, Span<double> y, double alpha = 1.0)
    {
        if (x.Length != Rows || y.Length != Columns) throw new ArgumentException("dimension mismatch");
        for (int c = 0; c < Columns; c++)
        {
            double s = 0;
            for (int p = ColumnPointers[c]; p < ColumnPointers[c + 1]; p++) s += Values[p] * x[RowIndices[p]];
            y[c] += alpha * s;
        }
    }

    public double[] Multiply(ReadOnlySpan<double> x)
    {
        var y = new double[Rows];
        MultiplyAdd(x, y);
        return y;
    }

    public double[] TransposeMultiply(ReadOnlySpan<double> x)
    {
        var y = new double[Columns];
        TransposeMultiplyAdd(x, y);
        return y;
    }

    /// <summary>For a symmetric matrix stored as its upper triangle: y = M·x using both triangles.</summary>
    public double[] SymmetricUpperMultiply(ReadOnlySpan<double> x)
    {
        if (Rows != Columns) throw new InvalidOperationException("not square");
        var y = new double[Rows];
        for (int c = 0; c < Columns; c++)
            for (int p = ColumnPointers[c]; p < ColumnPointers[c + 1]; p++)
            {
                int r = RowIndices[p];
                y[r] += Values[p] * x[c];
                if (r != c) y[c] += Values[p] * x[r];
            }
        return y;
    }

    public double[,] ToDense()
    {
        var d = new double[Rows, Columns];
        foreach (var (r, c, v) in Entries()) d[r, c] += v;
        return d;
    }
}
