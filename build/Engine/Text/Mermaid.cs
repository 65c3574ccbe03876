namespace Engine.Text;

/// <summary>The two rules every Mermaid flowchart this build writes follows (docs/diagrams.md):
/// ids are letters, digits and underscores behind a prefix (some words, "end" among them, are Mermaid's own), and a
/// label is quoted with its quotes and angle brackets as entity codes, so no text ends it or reads as HTML.</summary>
public static class Mermaid
{
    public static string Id(string prefix, string text) =>
        $"{prefix}_{string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'))}";

    /// <summary>A node's or subgraph's label, quoted; lines are joined with &lt;br/&gt;.</summary>
    public static string Label(params string[] lines) => $"[\"{string.Join("<br/>", lines.Select(Escape))}\"]";

    /// <summary>An edge's label, between pipes.</summary>
    public static string EdgeLabel(params string[] lines) => $"|\"{string.Join("<br/>", lines.Select(Escape))}\"|";

    public static string Escape(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal)
        .Replace("<", "#lt;", StringComparison.Ordinal).Replace(">", "#gt;", StringComparison.Ordinal);
}
