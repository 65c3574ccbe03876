namespace Engine.Output.Hosts;

/// <summary>A terminal or a log file: a coloured rule opens each target, and nothing else is added.</summary>
internal sealed class ConsoleHost : OutputHost
{
    public override bool HoldsBackLanes => false;

    public override IEnumerable<string> Opening(string title, int width) =>
        [$"━━ {title} {new string('━', Math.Max(4, Math.Min(width, 100) - title.Length - 4))}"];

    public override string? OpeningColour => Ansi.BoldCyan;

    public override IEnumerable<string> Closing(string title) => [];

    public override IEnumerable<string> Failure(string title, string message) => [];

    public override string? Secret(string value) => null;

    public override void Summarize(string markdown)
    {
    }
}
