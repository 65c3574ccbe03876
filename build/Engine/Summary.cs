namespace Engine;

/// <summary>What a target adds to the end of the run: a note on its summary row, a markdown section for the GitHub
/// step summary, a closing line printed after the summary table.</summary>
public static class Summary
{
    /// <summary>Shown beside the current target's (or lane's) row, e.g. "2 checks failed".</summary>
    public static void Note(string text)
    {
        if (Engine.Output.ConsoleOutput.Scope is { } scope) scope.Note = Secrets.Mask(text);
    }

    /// <summary>Text as one cell of a markdown table: its pipes escaped, on one line.</summary>
    public static string Cell(string? text) => (text ?? "").Replace("|", "\\|").Replace("\n", " ");

    public static void Markdown(string markdown)
    {
        var session = Session.Current;
        lock (session.StepSummary) session.StepSummary.Add(session.Output.Masker.Mask(markdown));
    }

    /// <summary>A line printed after everything else, e.g. a test count that CI reads from the last line.</summary>
    public static void ClosingLine(string text)
    {
        var session = Session.Current;
        lock (session.ClosingLines) session.ClosingLines.Add(session.Output.Masker.Mask(text));
    }
}
