namespace ConicDsl.Backends.Native;

/// <summary>
/// A fill-reducing symmetric ordering: exact minimum degree on the explicit elimination graph (each eliminated node's
/// neighbours become a clique), with AMD's dense-row rule — nodes of degree above 10√n (at least 16) are taken out
/// first and ordered last, in their given order. It is not AMD: no quotient graph, no approximate degrees, no
/// supervariables, so its cost grows like the fill it creates; it gives up (returns null) past a work budget, and the
/// caller then keeps the dense factorization. Ties go to the lower index, so the order is deterministic.
/// </summary>
internal static class MinimumDegreeOrdering
{
    /// <summary>Clique edges the ordering may visit before it gives up (about a second of work).</summary>
    public const long DefaultWorkBudget = 200_000_000;

    /// <param name="n">Matrix order.</param>
    /// <param name="lowerPattern">Entries (i, j), i ≥ j; the diagonal and duplicates are ignored.</param>
    /// <returns>perm[k] = the node eliminated k-th, or null past the work budget.</returns>
    public static int[]? Order(int n, IReadOnlyList<(int I, int J)> lowerPattern, long workBudget = DefaultWorkBudget)
    {
        var adj = new HashSet<int>?[n];
        for (int v = 0; v < n; v++) adj[v] = new HashSet<int>();
        foreach (var (i, j) in lowerPattern)
        {
            if (i == j) continue;
            adj[i]!.Add(j);
            adj[j]!.Add(i);
        }
        int denseDegree = Math.Max(16, (int)(10 * Math.Sqrt(n)));
        var dense = new List<int>();
        for (int v = 0; v < n; v++)
            if (adj[v]!.Count > denseDegree) dense.Add(v);
        foreach (int v in dense)
        {
            foreach (int u in adj[v]!) adj[u]?.Remove(v);
            adj[v] = null;
        }

        var queue = new PriorityQueue<int, long>();
        for (int v = 0; v < n; v++)
            if (adj[v] is { } a) queue.Enqueue(v, Key(a.Count, v));
        var order = new List<int>(n);
        long work = 0;
        while (queue.TryDequeue(out int v, out long key))
        {
            var av = adj[v];
            if (av is null || key != Key(av.Count, v)) continue; // eliminated, or a stale degree
            order.Add(v);
            adj[v] = null;
            var nbrs = av.ToArray();
            Array.Sort(nbrs);
            work += (long)nbrs.Length * nbrs.Length;
            if (work > workBudget) return null;
            foreach (int u in nbrs) adj[u]!.Remove(v);
            for (int x = 0; x < nbrs.Length; x++)
            {
                var ax = adj[nbrs[x]]!;
                for (int y = x + 1; y < nbrs.Length; y++)
                    if (ax.Add(nbrs[y])) adj[nbrs[y]]!.Add(nbrs[x]);
            }
            foreach (int u in nbrs) queue.Enqueue(u, Key(adj[u]!.Count, u));
        }
        order.AddRange(dense);
        return order.ToArray();
    }

    private static long Key(int degree, int node) => ((long)degree << 32) | (uint)node;
}
