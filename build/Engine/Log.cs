using Spectre.Console.Rendering;

namespace Engine;

/// <summary>What a target writes. Lines are masked and carry the lane's prefix.</summary>
public static class Log
{
    public static void Info(string text) => Session.Current.Output.Info(text);
    public static void Success(string text) => Session.Current.Output.Success(text);
    public static void Warning(string text) => Session.Current.Output.Warning(text);
    public static void Error(string text) => Session.Current.Output.Error(text);
    public static void Write(IRenderable renderable) => Session.Current.Output.Write(renderable);

    /// <summary>Lines redrawn in place on a terminal, printed as they change elsewhere.</summary>
    public static Output.LiveBlock Live() => Session.Current.Output.Live();
}

/// <summary>Values learnt at run time that must never be shown (a kubeconfig, a config value, a token).</summary>
public static class Secrets
{
    public static void Register(string? value) => Session.Current.Output.Masker.Register(value);

    public static string Mask(string? text) => Session.Current.Output.Masker.Mask(text);
}

/// <summary>What a target adds to the end of the run: a note on its summary row, a markdown section for the GitHub
/// step summary, a closing line printed after the summary table.</summary>
public static class Summary
{
    /// <summary>Shown beside the current target's (or lane's) row, e.g. "2 checks failed".</summary>
    public static void Note(string text)
    {
        if (Engine.Output.ConsoleOutput.Scope is { } scope) scope.Note = Secrets.Mask(text);
    }

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
