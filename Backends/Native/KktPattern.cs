namespace ConicDsl.Backends.Native;

/// <summary>Where <see cref="KktSystem"/>'s assembly writes entries: a factorization, or <see cref="KktPattern"/>.</summary>
internal interface IKktEntries
{
    /// <summary>Adds v to entry (i, j) with i ≥ j (lower triangle).</summary>
    void Add(int i, int j, double v);
}

/// <summary>Records which entries an assembly touches (values ignored): the sparsity pattern, which is the same at every
/// iteration because the assembly's loops depend only on the structure of A, P and the cones.</summary>
internal sealed class KktPattern : IKktEntries
{
    private readonly int _size;
    private readonly HashSet<long> _entries = new();

    public KktPattern(int size)
    {
        _size = size;
        for (int i = 0; i < size; i++) Add(i, i, 0);
    }

    public void Add(int i, int j, double v) => _entries.Add((long)i * _size + j);

    public int Count => _entries.Count;

    public (int I, int J)[] Entries()
    {
        var list = new (int, int)[_entries.Count];
        int k = 0;
        foreach (long e in _entries) list[k++] = ((int)(e / _size), (int)(e % _size));
        Array.Sort(list);
        return list;
    }
}
