using System.Numerics;

namespace ConicDsl.Compiler.Patterns;

/// <summary>Equality, hashing and the lexicographic order of pattern masks (layout of <see cref="PatternSet"/>).</summary>
internal static class PatternOrder
{
    /// <summary>Lexicographic on the 0/1 string from sample 0; the lowest differing sample decides, 0 first.</summary>
    public static int Compare(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (int w = 0; w < a.Length; w++)
        {
            ulong diff = a[w] ^ b[w];
            if (diff == 0) continue;
            int bit = BitOperations.TrailingZeroCount(diff);
            return (a[w] >> bit & 1UL) == 0 ? -1 : 1;
        }
        return 0;
    }

    public static bool IsZero(ReadOnlySpan<ulong> a)
    {
        foreach (var w in a) if (w != 0) return false;
        return true;
    }

    /// <summary>Also compares spans against stored arrays, so a repeated mask costs no allocation.</summary>
    public sealed class MaskComparer : IEqualityComparer<ulong[]>, IAlternateEqualityComparer<ReadOnlySpan<ulong>, ulong[]>
    {
        public static readonly MaskComparer Instance = new();
        public bool Equals(ulong[]? x, ulong[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(ulong[] obj) => Hash(obj);
        public bool Equals(ReadOnlySpan<ulong> alternate, ulong[] other) => alternate.SequenceEqual(other);
        public int GetHashCode(ReadOnlySpan<ulong> alternate) => Hash(alternate);
        public ulong[] Create(ReadOnlySpan<ulong> alternate) => alternate.ToArray();

        private static int Hash(ReadOnlySpan<ulong> mask)
        {
            var h = new HashCode();
            foreach (var w in mask) h.Add(w);
            return h.ToHashCode();
        }
    }
}
