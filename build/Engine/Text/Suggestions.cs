namespace Engine.Text;

/// <summary>"did you mean …?" for mistyped target and parameter names.</summary>
public static class Suggestions
{
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        var key = Names.Key(typed);
        var best = candidates
            .Select(c => (Name: c, Distance: Distance(key, Names.Key(c))))
            .Where(c => c.Distance <= Math.Max(1, key.Length / 3))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name;
    }

    public static string DidYouMean(string typed, IEnumerable<string> candidates, Func<string, string>? format = null) =>
        Closest(typed, candidates) is { } hit ? $"; did you mean '{(format ?? (s => s))(hit)}'?" : "";

    // Optimal string alignment distance: a swapped pair of letters ("teh" for "the") costs one edit.
    static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
