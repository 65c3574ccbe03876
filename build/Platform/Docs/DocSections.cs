namespace Trinity.Build.Platform.Docs;

/// <summary>Sections of a hand-written Markdown file that the build writes, each between two marker comments (invisible
/// on GitHub): everything between them is replaced, everything around them is left as it is.</summary>
/// <param name="regenerate">The command that writes them, named in every opening marker.</param>
public sealed class DocSections(string regenerate)
{
    public string Regenerate => regenerate;

    public string Begin(string id) => $"{BeginPrefix(id)} {regenerate} writes this section; Verify fails when it differs -->";

    public static string End(string id) => $"<!-- end of generated: {id} -->";

    static string BeginPrefix(string id) => $"<!-- generated: {id} —";

    /// <summary>The file's text with each section's content put between its markers, or the one line that says which
    /// markers are missing (nothing is written then).</summary>
    public (string? Text, string? Problem) Fill(string file, string text, IReadOnlyList<(string Id, string Content)> sections)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        foreach (var (id, content) in sections)
        {
            var begin = lines.FindIndex(l => l.StartsWith(BeginPrefix(id), StringComparison.Ordinal));
            var end = begin < 0 ? -1 : lines.FindIndex(begin + 1, l => l == End(id));
            if (begin < 0 || end < 0)
                return (null, $"{file} has no section {id}: put the lines {Begin(id)} and {End(id)} where it belongs, then run " +
                    $"{regenerate}");
            lines.RemoveRange(begin, end - begin + 1);
            lines.InsertRange(begin, [Begin(id), .. content.TrimEnd('\n').Split('\n'), End(id)]);
        }
        return (string.Join("\n", lines), null);
    }
}
