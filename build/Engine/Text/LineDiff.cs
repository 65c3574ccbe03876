namespace Engine.Text;

/// <summary>A unified-style diff of two texts, enough to show what drifted in a generated file.</summary>
public static class LineDiff
{
    public static string Unified(string expected, string actual, string label, int context = 2, int maxLines = 60)
    {
        var a = Lines(actual);
        var b = Lines(expected);
        var ops = Operations(a, b);
        var changed = ops.Select((op, i) => (op, i)).Where(x => x.op.Kind != ' ').Select(x => x.i).ToList();
        if (changed.Count == 0) return "";

        var keep = new HashSet<int>(changed.SelectMany(i => Enumerable.Range(i - context, 2 * context + 1))
            .Where(i => i >= 0 && i < ops.Count));
        var output = new List<string> { $"--- {label} (committed)", $"+++ {label} (generated)" };
        var previous = -2;
        foreach (var i in keep.Order())
        {
            if (i != previous + 1) output.Add("@@");
            output.Add(ops[i].Kind + ops[i].Line);
            previous = i;
        }
        if (output.Count > maxLines) output = [.. output.Take(maxLines), $"… {output.Count - maxLines} more lines"];
        return string.Join('\n', output);
    }

    static string[] Lines(string text) => text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');

    // Longest common subsequence, walked forwards: ' ' same, '-' only in the committed file, '+' only in the generated one.
    static List<(char Kind, string Line)> Operations(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        for (var j = b.Length - 1; j >= 0; j--)
            lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var ops = new List<(char, string)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { ops.Add((' ', a[x])); x++; y++; }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y])) ops.Add(('+', b[y++]));
            else ops.Add(('-', a[x++]));
        }
        return ops;
    }
}
