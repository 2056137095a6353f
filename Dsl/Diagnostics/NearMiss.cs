namespace ConicDsl.Dsl.Diagnostics;

/// <summary>
/// "Did you mean …?" suggestions. Uses the optimal-string-alignment distance (edits plus swaps of two
/// neighbouring letters), because the typical slip in a keyword is a swapped pair ("netwrok").
/// </summary>
public static class NearMiss
{
    /// <summary>The candidate closest to <paramref name="word"/>, if it is close enough to be a likely typo.</summary>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        var list = candidates.ToList();

        // Abbreviations ("tol" for "tolerance") are far in edit distance but obvious to a reader.
        var extensions = list.Where(c => word.Length >= 3 && c.Length > word.Length
                                         && c.StartsWith(word, StringComparison.OrdinalIgnoreCase)).ToList();
        if (extensions.Count == 1) return extensions[0];

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in list)
        {
            var distance = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // Short words are only one slip away from many others; demand more similarity from them.
        var allowed = best is null ? 0 : Math.Max(word.Length, best.Length) >= 5 ? 2 : 1;
        return best is not null && bestDistance <= allowed ? best : null;
    }

    /// <summary>"; did you mean 'x'?" or the empty string.</summary>
    public static string DidYouMean(string word, IEnumerable<string> candidates) =>
        Suggest(word, candidates) is { } s ? $"; did you mean '{s}'?" : "";

    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }
}
