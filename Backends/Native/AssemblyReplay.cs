namespace ConicDsl.Backends.Native;

/// <summary>A factorization whose entries can be addressed by a storage slot found once (<see cref="SupernodalLdl"/>).</summary>
internal interface ISlottedEntries
{
    /// <summary>The storage slot of entry (i, j), i ≥ j; throws when the entry is outside the pattern.</summary>
    int Locate(int i, int j);

    void AddAt(int slot, double v);
}

/// <summary>
/// Numeric assembly that reuses the symbolic pattern: the first assembly looks every entry up (a binary search in
/// its column) and records the slot; later assemblies replay the slots in order. This is valid because
/// <see cref="KktSystem"/>'s assembly visits entries in an order fixed by the structure of A, P and the cones, never
/// by values — the same property that lets <see cref="KktPattern"/> record the pattern once. A replay of a different
/// length is a programming error and is reported as one.
/// </summary>
internal sealed class AssemblyReplay(ISlottedEntries target) : IKktEntries
{
    private int[] _slots = new int[1024];
    private int _count, _next;
    private bool _recorded;

    /// <summary>Slots recorded (one per entry the assembly adds, repeats included).</summary>
    public int Count => _count;

    public void Begin() => _next = 0;

    public void Add(int i, int j, double v)
    {
        if (_recorded)
        {
            target.AddAt(_slots[_next++], v);
            return;
        }
        int slot = target.Locate(i, j);
        if (_count == _slots.Length) Array.Resize(ref _slots, checked(_slots.Length * 2));
        _slots[_count++] = slot;
        target.AddAt(slot, v);
    }

    public void End()
    {
        if (!_recorded)
        {
            Array.Resize(ref _slots, _count);
            _recorded = true;
        }
        else if (_next != _count)
            throw new InvalidOperationException($"KKT assembly added {_next} entries, the recorded one {_count}");
    }
}
